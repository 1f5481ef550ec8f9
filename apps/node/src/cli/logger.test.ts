import { describe, expect, it } from 'vitest';
import { createLineLogger } from './logger.js';

describe('createLineLogger', () => {
  it('filters by level and formats message and fields on one line', () => {
    const lines: string[] = [];
    const log = createLineLogger({
      level: 'info',
      name: 'n1',
      write: (l) => lines.push(l),
      now: () => 0,
    });
    log.debug('hidden');
    log.info('hello');
    log.warn({ peer: 'n2', err: new Error('boom'), meta: new Uint8Array(3) }, 'probe failed');
    expect(lines).toEqual([
      '1970-01-01T00:00:00.000Z INFO  [n1] hello\n',
      '1970-01-01T00:00:00.000Z WARN  [n1] probe failed {"peer":"n2","err":"Error: boom","meta":"<3 bytes>"}\n',
    ]);
    const silent: string[] = [];
    createLineLogger({
      level: 'silent',
      name: 'x',
      write: (l) => silent.push(l),
      now: () => 0,
    }).error('nothing');
    expect(silent).toEqual([]);
  });
});
