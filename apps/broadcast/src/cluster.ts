/**
 * `pnpm --filter @ring/app-broadcast start:cluster [-- flags for every node]`: seed 001's
 * node1 (receives only), node2 and node3 (send every second) on free loopback ports, each line
 * prefixed with its node; Ctrl-C stops all.
 */
import { fileURLToPath } from 'node:url';
import { launchCluster } from '@ring/demo-kit';

process.exitCode = await launchCluster({
  title: 'broadcast demo (seed 001)',
  script: fileURLToPath(new URL('./main.ts', import.meta.url)),
  preferredPorts: [7947, 7948, 7949],
  readyPattern: /^info: broadcast nodes = /,
  argv: process.argv.slice(2),
  nodes: (ports) => {
    const addr = (i: number): string => `127.0.0.1:${ports[i]!}`;
    const sender = (i: number): string[] => [
      '--name',
      `node${i + 1}`,
      '--bind',
      addr(i),
      '--join',
      addr(0),
      '--send-every',
      '1s',
    ];
    return [
      { name: 'node1', args: ['--name', 'node1', '--bind', addr(0)] },
      { name: 'node2', args: sender(1) },
      { name: 'node3', args: sender(2) },
    ];
  },
});
