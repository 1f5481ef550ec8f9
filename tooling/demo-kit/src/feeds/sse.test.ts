import { describe, expect, it } from 'vitest';
import { SseParser, formatSse } from './sse.js';

describe('SSE', () => {
  it('round-trips events through the parser across arbitrary chunk boundaries', () => {
    const text =
      formatSse('snapshot', { members: ['a', 'b'] }) +
      ': keep-alive\n\n' +
      formatSse('join', { name: 'c' });
    expect(text.startsWith('event: snapshot\ndata: {"members":["a","b"]}\n\n')).toBe(true);
    for (let cut = 1; cut < text.length; cut += 7) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events).toEqual([
        { event: 'snapshot', data: '{"members":["a","b"]}' },
        { event: 'join', data: '{"name":"c"}' },
      ]);
    }
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(new SseParser().push('data: a\r\ndata: b\r\n\r\n')).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });
});
