import { describe, expect, it } from 'vitest';
import { LineSplitter, prefixLine } from './line-splitter.js';

describe('LineSplitter', () => {
  it('delivers complete lines across chunks, split characters and CRLF, and flushes the rest', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = new TextEncoder().encode('héllo\r\nwor');
    s.push(bytes.subarray(0, 2));
    s.push(bytes.subarray(2));
    expect(lines).toEqual(['héllo']);
    s.push('ld\n\nlast');
    expect(lines).toEqual(['héllo', 'world', '']);
    s.end();
    s.end();
    expect(lines).toEqual(['héllo', 'world', '', 'last']);
  });

  it('prefixes lines with the padded node name', () => {
    expect(prefixLine('node1', 7, 'join 127.0.0.1:7948')).toBe('node1   | join 127.0.0.1:7948');
  });
});
