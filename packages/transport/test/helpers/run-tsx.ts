import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

const tsxCli = resolve(
  dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
  'dist/cli.mjs',
);

/** How a script run by {@link runTsx} ended. */
export interface TsxRun {
  /** Exit code; null when the spawn timeout killed it (it hung). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run a TypeScript file as a real process, as `pnpm start` does (`tsx --conditions=@ring/source`).
 *
 * @param file - absolute path of the script.
 * @param timeoutMs - the spawn kills it after this long (then `status` is null).
 */
export function runTsx(file: string, timeoutMs = 20_000): Promise<TsxRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [tsxCli, '--conditions=@ring/source', file], {
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
