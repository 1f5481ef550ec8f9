import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../examples/loopback.js';
import { runTsx } from './helpers/run-tsx.js';

const here = dirname(fileURLToPath(import.meta.url));

function expectTranscript(lines: string[]): void {
  const addr = String.raw`127\.0\.0\.1:\d+`;
  expect(lines[0]).toMatch(new RegExp(`^alice listening on ${addr} \\(udp\\+tcp\\)$`));
  expect(lines[1]).toMatch(new RegExp(`^bob   listening on ${addr} \\(udp\\+tcp\\)$`));
  const alice = lines[0]!.split(' ')[3]!;
  const bob = lines[1]!.split(' ')[5]!;
  expect(lines.slice(2)).toEqual([
    `bob    <- packet from ${alice}: "ping"`,
    expect.stringMatching(
      new RegExp(
        `^alice  <- packet from ${bob.replace(/\./g, '\\.')}: "pong" \\(round trip \\d+ ms\\)$`,
      ),
    ),
    expect.stringMatching(new RegExp(`^bob    <- stream from ${addr}: "hi, I am alice"$`)),
    'alice  <- stream reply: "hello alice, this is bob"',
    'done: both transports closed',
  ]);
}

describe('examples/loopback.ts', () => {
  it('exchanges packets and a stream between two nodes (in process)', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expectTranscript(lines);
  });

  it('runs as `pnpm start` does (tsx --conditions=@ring/source) and exits 0', async () => {
    const result = await runTsx(resolve(here, '../examples/loopback.ts'), 30_000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expectTranscript(result.stdout.trim().split('\n'));
  });
});
