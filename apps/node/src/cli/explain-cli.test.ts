// `ring-node explain` against a real ring-node (UDP + HTTP on 127.0.0.1, free ports).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';
import { loadConfig } from '../config/node-config.js';
import { runExplainCli } from './explain-cli.js';
import { RingNode } from '../node/ring-node.js';
import { createTransportFor } from '../node/transport-factory.js';

let node: RingNode;

beforeAll(async () => {
  const loaded = loadConfig({
    argv: ['--name', 'solo', '--bind', '127.0.0.1:0', '--http', '127.0.0.1:0', '--preset', 'local'],
    env: {},
    readFile: () => '',
    hostname: 'solo',
  });
  if (loaded.help) throw new Error('help');
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  node = await RingNode.start({
    config: loaded.config,
    transport: createTransportFor(loaded.config),
    logger: quiet,
  });
});

afterAll(async () => {
  await node?.shutdown();
});

async function explain(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExplainCli({
    argv,
    env,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('ring-node explain', () => {
  it('explain member: text by default, the API JSON with --json', async () => {
    const http = node.httpAddress!;
    const text = await explain(['member', 'solo', '--http', http]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^member solo \(this node\) at 127\.0\.0\.1:\d+: alive since /);
    expect(text.out).toContain('our awareness now: 0/7');
    expect(text.out).toMatch(/history \(\d+ of 32 kept, 0 dropped\)/);
    const json = await explain(['member', 'solo', '--json'], { RING_HTTP: http });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ name: 'solo', local: true, historySize: 32 });
  });

  it('explain key: owner, ring point and partition owners agree with /v1/lookup', async () => {
    const http = node.httpAddress!;
    const lookup = node.lookup('user:42');
    const text = await explain(['key', 'user:42', '--http', `http://${http}`]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`key "user:42" → owner solo (${node.address})`);
    expect(text.out).toMatch(/chosen by vnode \d+ of solo at token 0x[0-9a-f]{8}/);
    expect(text.out).toContain(`partition ${lookup.partition} of 64 (xxhash64(key) mod 64`);
    expect(text.out).toContain('  replica 0: solo (score rank 0)');
    expect(text.out).toContain('excluded: none');
    const json = JSON.parse((await explain(['key', 'user:42', '--http', http, '--json'])).out);
    expect(json.owner.name).toBe(lookup.owner!.name);
    expect(json.partition.partition).toBe(lookup.partition);
  });

  it('an unknown member exits 1 with the typed code; an unreachable node exits 1; bad arguments exit 2', async () => {
    const unknown = await explain(['member', 'ghost', '--http', node.httpAddress!]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^ring-node explain: ERR_UNKNOWN_MEMBER: no member named 'ghost'/);
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const down = await explain(['member', 'solo', '--http', `127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.err).toBe(
      `ring-node explain: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`,
    );
    for (const argv of [
      [],
      ['node', 'x'],
      ['key'],
      ['key', ''],
      ['member', 'a', 'b'],
      ['key', 'k', '--bogus'],
      ['key', 'k', '--http'],
    ]) {
      const bad = await explain(argv);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(
        /^ring-node explain: .+\nRun 'ring-node explain --help' for usage\.\n$/,
      );
    }
    const help = await explain(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: ring-node explain member NAME');
  });

  it('runCli routes `explain` to the explain client', async () => {
    const out: string[] = [];
    const io: CliIo = {
      argv: ['explain', 'key', 'hello', '--http', node.httpAddress!, '--json'],
      env: {},
      hostname: 'h',
      readFile: () => '',
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      now: () => 0,
      onShutdownSignal: () => undefined,
    };
    expect(await runCli(io)).toBe(0);
    expect(JSON.parse(out.join('')).key).toBe('hello');
  });
});
