import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every module specifier reachable from `entry` through relative imports (type-only ones excluded). */
function reachable(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const statement = m[0];
      const spec = m[1] ?? m[2]!;
      if (/^\s*(?:import|export)\s+type\s/.test(statement.trimStart())) continue; // erased at runtime
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  visit(resolve(src, entry));
  return { files, external };
}

describe('entry points', () => {
  it('the root entry loads no Node networking module (portable; node:dgram/net/dns stay behind ./node)', () => {
    const { files, external } = reachable('index.ts');
    expect(files.size).toBeGreaterThan(5);
    expect(
      [...external].filter((s) => /^node:(dgram|net|dns|dns\/promises|os|tls|http)$/.test(s)),
    ).toEqual([]);
    expect([...external].filter((s) => s === 'vitest')).toEqual([]);
  });

  it('the ./node entry does load them (so the check above can fail)', () => {
    const { external } = reachable('node/index.ts');
    expect(external).toContain('node:dgram');
    expect(external).toContain('node:net');
  });

  it('the root entry exports the documented API', async () => {
    const root = await import('@ring/transport');
    for (const name of [
      'MemoryNetwork',
      'VirtualClock',
      'systemClock',
      'createSeededRandom',
      'systemRandom',
      'parseAddress',
      'formatAddress',
      'TransportError',
      'RingError',
      'impair',
    ]) {
      expect(root, name).toHaveProperty(name);
    }
    const node = await import('@ring/transport/node');
    expect(typeof node.createUdpTransport).toBe('function');
    expect(typeof node.createTcpTransport).toBe('function');
    const testing = await import('@ring/transport/testing');
    expect(typeof testing.runTransportConformance).toBe('function');
  });

  it('re-exports the clock, random and error values of @ring/base (the same objects)', async () => {
    const root: Record<string, unknown> = await import('@ring/transport');
    const base: Record<string, unknown> = await import('@ring/base');
    for (const name of [
      'RingError',
      'isRingError',
      'systemClock',
      'VirtualClock',
      'withTimeout',
      'createSeededRandom',
      'systemRandom',
      'shuffleInPlace',
      'DEFAULT_MAX_PACKET_SIZE',
    ]) {
      expect(root[name], name).toBeDefined();
      expect(root[name], name).toBe(base[name]);
    }
  });

  it('keeps internals out of the entry points', async () => {
    const root = await import('@ring/transport');
    for (const name of [
      'ChunkQueue',
      'normalizeAddress',
      'resolveLinkConfig',
      'DEFAULT_LINK',
      'DEFAULT_BIND_PORT',
      'DEFAULT_RUN_ALL_MAX_TIMERS',
    ]) {
      expect(root, name).not.toHaveProperty(name);
    }
    const node = await import('@ring/transport/node');
    for (const name of ['toTransportError', 'resolveNodeTransportOptions']) {
      expect(node, name).not.toHaveProperty(name);
    }
  });
});
