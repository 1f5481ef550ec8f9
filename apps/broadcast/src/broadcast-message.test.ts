import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, formatMessage } from './broadcast-message.js';

describe('broadcast messages', () => {
  it('round-trip and print as in seed 001', () => {
    const m = { key: 'I am node2', value: 3 };
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    expect(formatMessage(m)).toBe('key=I am node2 value=3');
  });

  it.each(['', 'null', '[]', '{"key":1,"value":2}', '{"key":"k","value":1.5}', '\xff{'])(
    'ignores bytes that are not a demo message: %j',
    (text) => {
      expect(decodeMessage(new TextEncoder().encode(text))).toBeUndefined();
    },
  );
});
