import { dirname } from 'node:path';

/**
 * The arguments that run a demo's TypeScript entry point straight from the sources:
 * `node --conditions=@ring/source --import tsx <script> ...args` (no build needed).
 *
 * @param script - absolute path of the entry point.
 * @param args - its arguments.
 */
export function nodeArgs(script: string, args: readonly string[]): string[] {
  return ['--conditions=@ring/source', '--import', 'tsx', script, ...args];
}

/**
 * Working directory for {@link nodeArgs}: the script's directory, from which `--import tsx`
 * resolves the workspace's tsx.
 *
 * @param script - absolute path of the entry point.
 */
export function nodeCwd(script: string): string {
  return dirname(script);
}
