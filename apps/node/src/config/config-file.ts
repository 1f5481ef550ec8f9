import { NodeError } from '../errors.js';
import { OPTION_SPECS } from './option-specs.js';
import type { RawOptions, RawValue } from './raw-options.js';

const SPECS = new Map(
  OPTION_SPECS.filter((s) => s.flag !== 'help' && s.flag !== 'config').map((s) => [s.flag, s]),
);

function scalar(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new NodeError(
    'ERR_USAGE',
    `${where}: expected a string or number, got ${JSON.stringify(value)}`,
  );
}

function listValue(key: string, value: unknown, where: string): string[] {
  if (Array.isArray(value)) return value.map((v, i) => scalar(v, `${where}[${i}]`));
  if ((key === 'tags' || key === 'watch-tag') && typeof value === 'object' && value !== null) {
    // {"role": "web"} is the natural JSON spelling of role=web.
    return Object.entries(value).map(([k, v]) => `${k}=${scalar(v, `${where}.${k}`)}`);
  }
  return [scalar(value, where)];
}

/**
 * Parse a JSON config file whose keys are the flag names (`{"bind": "0.0.0.0:7946", "join":
 * ["10.0.0.1:7946"], "tags": {"role": "web"}, "json": true}`).
 *
 * @param text - the file's contents.
 * @param path - the file's path, for error messages.
 * @throws NodeError `ERR_CONFIG_FILE` when the text is not a JSON object; `ERR_USAGE` on an
 *   unknown key or a value of the wrong type.
 */
export function optionsFromConfigFile(text: string, path: string): RawOptions {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NodeError(
      'ERR_CONFIG_FILE',
      `config file ${path}: not valid JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NodeError(
      'ERR_CONFIG_FILE',
      `config file ${path}: expected a JSON object of option names to values`,
    );
  }
  const values = new Map<string, RawValue>();
  for (const [key, value] of Object.entries(json)) {
    const spec = SPECS.get(key);
    const where = `config file ${path}: "${key}"`;
    if (spec === undefined) {
      throw new NodeError(
        'ERR_USAGE',
        `config file ${path}: unknown key "${key}" (keys are the flag names, e.g. "bind", "watch-tag")`,
      );
    }
    if (spec.kind === 'boolean') {
      if (typeof value !== 'boolean')
        throw new NodeError('ERR_USAGE', `${where}: expected true or false`);
      values.set(key, value);
    } else if (spec.kind === 'list') {
      values.set(key, listValue(key, value, where));
    } else {
      values.set(key, scalar(value, where));
    }
  }
  return { source: `config file ${path}`, values };
}
