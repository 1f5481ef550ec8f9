/**
 * `ring-node` entry point (run through `bin/ring-node.cjs` or `pnpm --filter @ring/node ring-node`).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { runCli } from './cli/cli.js';

let signals = 0;

async function main(): Promise<void> {
  const code = await runCli({
    // `pnpm ... ring-node -- --flag` passes the `--` through; it is not an argument.
    argv: process.argv[2] === '--' ? process.argv.slice(3) : process.argv.slice(2),
    env: process.env,
    hostname: hostname(),
    readFile: (path) => readFileSync(path, 'utf8'),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => Date.now(),
    onShutdownSignal: (handler) => {
      const onSignal = (): void => {
        // A second Ctrl-C skips the graceful leave.
        if (++signals > 1) process.exit(130);
        handler();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    },
  });
  process.exitCode = code;
}

// No top-level await: the bundle is a CommonJS script (see scripts/build.mjs), which the bin
// compiles with a V8 code cache.
main().catch((error: unknown) => {
  process.stderr.write(
    `ring-node: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
