import { parseArgs } from 'node:util';
import { NodeError } from '../errors.js';
import { OPTION_SPECS, envName } from './option-specs.js';

/** One option's value as given by a source, before validation. Lists keep every occurrence. */
export type RawValue = string | readonly string[] | boolean;

/** Raw option values from one source, keyed by flag name, with a label for error messages. */
export interface RawOptions {
  /** Where these values came from, e.g. `command line`, `environment`, `config file x.json`. */
  readonly source: string;
  /** Flag name → value; absent when the source does not set the option. */
  readonly values: ReadonlyMap<string, RawValue>;
}

/**
 * Read options from command-line arguments (without `node` and the script).
 *
 * @param argv - e.g. `process.argv.slice(2)`.
 * @throws NodeError `ERR_USAGE` on an unknown flag, a missing value or a positional argument.
 */
export function optionsFromArgv(argv: readonly string[]): RawOptions {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const spec of OPTION_SPECS) {
    options[spec.flag] =
      spec.kind === 'boolean'
        ? { type: 'boolean' }
        : spec.kind === 'list'
          ? { type: 'string', multiple: true }
          : { type: 'string' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NodeError(
      'ERR_USAGE',
      message.replace(/\. To specify a positional argument.*$/s, ''),
      { cause: error },
    );
  }
  const values = new Map<string, RawValue>();
  for (const [flag, value] of Object.entries(parsed.values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) values.set(flag, value.map(String));
    else if (typeof value === 'string' || typeof value === 'boolean') values.set(flag, value);
  }
  return { source: 'command line', values };
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Read options from `RING_*` environment variables (`RING_JOIN=a:7946,b:7946`, `RING_JSON=1`).
 *
 * @param env - e.g. `process.env`.
 * @throws NodeError `ERR_USAGE` on a boolean variable that is not 1/0/true/false/yes/no/on/off.
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): RawOptions {
  const values = new Map<string, RawValue>();
  for (const spec of OPTION_SPECS) {
    if (spec.flag === 'help' || spec.flag === 'version') continue;
    const name = envName(spec.flag);
    const value = env[name];
    if (value === undefined) continue;
    if (spec.kind === 'boolean') {
      const lower = value.trim().toLowerCase();
      if (TRUE.has(lower)) values.set(spec.flag, true);
      else if (FALSE.has(lower)) values.set(spec.flag, false);
      else throw new NodeError('ERR_USAGE', `${name}: expected true or false, got '${value}'`);
    } else if (spec.kind === 'list') {
      if (value.trim() !== '') values.set(spec.flag, [value]);
    } else {
      values.set(spec.flag, value);
    }
  }
  return { source: 'environment', values };
}
