import { loopbackArgs } from '../config/loopback-args.js';
import { loadConfig } from '../config/node-config.js';
import type { NodeConfig } from '../config/node-config.js';
import type { NodeLogger } from '../cli/logger.js';

/** A logger that drops everything, for tests that assert on events, not logs. */
export const quietLogger: NodeLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The validated config for `argv` (no environment, no files); throws on `--help`/`--version`. */
export function configOf(argv: string[]): NodeConfig {
  const loaded = loadConfig({ argv, env: {}, readFile: () => '', hostname: 'unused' });
  if (loaded.help) throw new Error('help');
  return loaded.config;
}

/**
 * `ring-node` arguments for a test member on loopback: free ports, JSON event lines, memberlist's
 * local preset, then `extra`.
 */
export function testMemberArgs(name: string, ...extra: string[]): string[] {
  return loopbackArgs(name, '--json', '--preset', 'local', ...extra);
}
