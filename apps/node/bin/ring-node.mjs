#!/usr/bin/env node
// ring-node launcher: runs the TypeScript sources through tsx with the "@ring/source" export
// condition, so the node works straight from a clone without a build. Signals are forwarded so
// SIGINT/SIGTERM trigger the node's graceful leave; the child's exit code becomes ours.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const child = spawn(
  process.execPath,
  ['--conditions=@ring/source', '--import', tsx, main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
