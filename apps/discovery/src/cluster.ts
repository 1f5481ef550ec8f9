/**
 * `pnpm --filter @ring/app-discovery start:cluster [-- flags for every node]`: three service
 * instances of seed 004 on free loopback ports (gossip and HTTP), each line prefixed with its
 * node; Ctrl-C stops all.
 */
import { fileURLToPath } from 'node:url';
import { launchCluster } from '@ring/demo-kit';

process.exitCode = await launchCluster({
  title: 'discovery demo (seed 004)',
  script: fileURLToPath(new URL('./main.ts', import.meta.url)),
  portsPerNode: 2,
  preferredPorts: [7947, 8001, 7948, 8002, 7949, 8003],
  readyPattern: /^peers\(\) => /,
  argv: process.argv.slice(2),
  nodes: (ports) =>
    [0, 1, 2].map((i) => {
      const args = [
        '--name',
        `node${i + 1}`,
        '--bind',
        `127.0.0.1:${ports[2 * i]!}`,
        '--http',
        `127.0.0.1:${ports[2 * i + 1]!}`,
      ];
      if (i > 0) args.push('--join', `127.0.0.1:${ports[0]!}`);
      return { name: `node${i + 1}`, args };
    }),
});
