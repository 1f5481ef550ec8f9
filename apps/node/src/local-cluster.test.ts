import { describe, expect, it } from 'vitest';
import { DEMO_KEYS, startLocalCluster } from './local-cluster.js';

describe('local cluster (the main job)', () => {
  it('starts 3 nodes on loopback, prints members and lookups that match the HTTP API, and stops gracefully', async () => {
    const out: string[] = [];
    const cluster = await startLocalCluster({ write: (t) => out.push(t), log: () => undefined });
    try {
      const text = out.join('');
      expect(text).toContain('Ring local cluster: 3 ring-node members on loopback');
      for (const n of cluster.nodes) {
        expect(text).toMatch(
          new RegExp(
            `  ${n.name} +gossip ${n.address.replaceAll('.', '\\.')} +http ${n.httpAddress!.replaceAll('.', '\\.')} +alive`,
          ),
        );
      }
      for (const key of DEMO_KEYS) {
        // Ask another node over HTTP: every member agrees with what was printed.
        const res = await fetch(
          `http://${cluster.nodes[2]!.httpAddress!}/v1/lookup?key=${encodeURIComponent(key)}`,
        );
        const body = (await res.json()) as {
          owner: { name: string };
          partition: number;
          partitionOwners: string[];
        };
        const line = text.split('\n').find((l) => l.startsWith(`  ${key.padEnd(12)} -> `));
        expect(line).toBe(
          `  ${key.padEnd(12)} -> ${body.owner.name.padEnd(8)} partition ${String(body.partition).padStart(2)} -> ${body.partitionOwners.join(', ')}`,
        );
        expect(body.partitionOwners).toHaveLength(2);
      }
    } finally {
      await cluster.stop();
    }
    for (const n of cluster.nodes) expect(n.health().status).toBe('left');
  }, 60_000);
});
