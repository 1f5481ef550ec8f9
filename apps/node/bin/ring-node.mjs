#!/usr/bin/env node
// ring-node: runs the built node (dist/ring-node.mjs, one bundled ES module) in this process, so
// the PID a supervisor holds — and signals, CPU and memory — are the node's own.
// `pnpm install` builds it; from sources, `pnpm --filter @ring/node ring-node -- <flags>`.
import { existsSync } from 'node:fs';

const built = new URL('../dist/ring-node.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'ring-node: not built (dist/ring-node.mjs is missing); run `pnpm install` or `pnpm --filter @ring/node build`\n',
  );
  process.exit(1);
}
await import(built.href);
