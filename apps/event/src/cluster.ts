/**
 * `pnpm --filter @ring/app-event start:cluster [-- flags for every node]`: node1, node2 and
 * node3 of seed 000 on free loopback ports, each line prefixed with its node; Ctrl-C stops all.
 */
import { fileURLToPath } from 'node:url';
import { launchCluster } from '@ring/demo-kit';

process.exitCode = await launchCluster({
  title: 'event demo (seed 000)',
  script: fileURLToPath(new URL('./main.ts', import.meta.url)),
  preferredPorts: [7947, 7948, 7949],
  readyPattern: /^listening on /,
  argv: process.argv.slice(2),
  nodes: (ports) => {
    const addr = (i: number): string => `127.0.0.1:${ports[i]!}`;
    return [
      { name: 'node1', args: ['--name', 'node1', '--bind', addr(0), '--keys', 'hello,world'] },
      {
        name: 'node2',
        args: ['--name', 'node2', '--bind', addr(1), '--join', addr(0), '--keys', 'foo,bar'],
      },
      {
        name: 'node3',
        args: ['--name', 'node3', '--bind', addr(2), '--join', addr(0), '--keys', 'foo,world'],
      },
    ];
  },
});
