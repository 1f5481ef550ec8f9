import { DemoError } from './demo-error.js';
import { parseDuration } from './duration.js';
import { parseHostPort } from './host-port.js';
import type { HostPort } from './host-port.js';

/**
 * What a flag takes: `string` (any non-empty text), `name` (a node name: letters, digits, `.`,
 * `_`, `-`), `ip-port` (`IP:PORT`, a bind address), `host-port-list` (`HOST:PORT[,...]`,
 * repeatable), `list` (`a,b,c`, repeatable), `duration` (`1s`, `250ms`), `int` (a non-negative
 * integer), `choice` (one of `choices`), `boolean` (no value).
 */
export type FlagKind =
  | 'string'
  | 'name'
  | 'ip-port'
  | 'host-port-list'
  | 'list'
  | 'duration'
  | 'int'
  | 'choice'
  | 'boolean';

/** One flag of a demo program. */
export interface FlagSpec {
  readonly kind: FlagKind;
  /** One line for `--help`. */
  readonly help: string;
  /** Placeholder in the usage line (`--bind HOST:PORT`). @default derived from `kind` */
  readonly placeholder?: string;
  /** Allowed values of a `choice` flag. */
  readonly choices?: readonly string[];
}

/** A program's flags by name (without the leading `--`). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed type of a flag of kind `K`. */
export type FlagValue<K extends FlagKind> = K extends 'ip-port'
  ? HostPort
  : K extends 'host-port-list'
    ? HostPort[]
    : K extends 'list'
      ? string[]
      : K extends 'duration' | 'int'
        ? number
        : K extends 'boolean'
          ? boolean
          : string;

/** What {@link parseFlags} returns: every flag given (absent ones are `undefined`), plus `help`. */
export type ParsedFlags<S extends FlagSpecs> = {
  readonly [K in keyof S]?: FlagValue<S[K]['kind']>;
} & { readonly help: boolean };

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PLACEHOLDERS: Readonly<Record<FlagKind, string>> = {
  string: 'TEXT',
  name: 'NAME',
  'ip-port': 'HOST:PORT',
  'host-port-list': 'HOST:PORT[,...]',
  list: 'A[,...]',
  duration: 'DURATION',
  int: 'N',
  choice: 'X',
  boolean: '',
};

function convert(flag: string, spec: FlagSpec, raw: string): unknown {
  const bad = (why: string): DemoError => new DemoError('ERR_USAGE', `--${flag}: ${why}`);
  const items = (): string[] => raw.split(',').map((s) => s.trim());
  try {
    switch (spec.kind) {
      case 'string':
        if (raw === '') throw bad('must not be empty');
        return raw;
      case 'name':
        if (!NAME_RE.test(raw))
          throw bad(
            `expected a name of letters, digits, '.', '_' or '-', got ${JSON.stringify(raw)}`,
          );
        return raw;
      case 'ip-port':
        return parseHostPort(raw, { ip: true });
      case 'host-port-list':
        return items().map((s) => parseHostPort(s));
      case 'list': {
        const list = items();
        if (list.some((s) => s === '')) throw bad(`empty item in ${JSON.stringify(raw)}`);
        return list;
      }
      case 'duration':
        return parseDuration(raw);
      case 'int': {
        if (!/^\d{1,9}$/.test(raw))
          throw bad(`expected a whole number, got ${JSON.stringify(raw)}`);
        return Number(raw);
      }
      case 'choice':
        if (!(spec.choices ?? []).includes(raw))
          throw bad(
            `expected one of ${(spec.choices ?? []).join(', ')}, got ${JSON.stringify(raw)}`,
          );
        return raw;
      case 'boolean':
        return true;
    }
  } catch (error) {
    if (error instanceof DemoError && !error.message.startsWith('--'))
      throw new DemoError('ERR_USAGE', `--${flag}: ${error.message}`);
    throw error;
  }
}

/**
 * Parse command-line flags: `--flag VALUE` or `--flag=VALUE`; list flags may repeat (values add
 * up); any other flag given twice keeps the last value. `--help`/`-h` sets `help`. A leading `--`
 * (what `pnpm start -- ...` passes on) is skipped.
 *
 * @param argv - the arguments after the script.
 * @param specs - the program's flags.
 * @throws DemoError `ERR_USAGE` for an unknown flag, a missing or bad value, or a stray argument.
 */
export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedFlags<S> {
  const out: Record<string, unknown> = { help: false };
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--')
      throw new DemoError('ERR_USAGE', `unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const spec = Object.hasOwn(specs, flag) ? specs[flag] : undefined;
    if (spec === undefined) throw new DemoError('ERR_USAGE', `unknown flag --${flag}`);
    let raw: string;
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new DemoError('ERR_USAGE', `--${flag} takes no value`);
      raw = '';
    } else if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new DemoError('ERR_USAGE', `--${flag} needs a value (${placeholder(spec)})`);
      raw = next;
      i++;
    }
    const value = convert(flag, spec, raw);
    const previous = out[flag];
    out[flag] =
      Array.isArray(value) && Array.isArray(previous)
        ? [...(previous as unknown[]), ...(value as unknown[])]
        : value;
  }
  return out as ParsedFlags<S>;
}

function placeholder(spec: FlagSpec): string {
  if (spec.placeholder !== undefined) return spec.placeholder;
  if (spec.kind === 'choice') return (spec.choices ?? []).join('|');
  return PLACEHOLDERS[spec.kind];
}

/**
 * The one-line usage: `usage: app-event [--name NAME] [--bind HOST:PORT] ...`.
 *
 * @param program - the program's name.
 * @param specs - its flags.
 */
export function usageLine(program: string, specs: FlagSpecs): string {
  const parts = Object.entries(specs).map(([flag, spec]) => {
    const p = placeholder(spec);
    return `[--${flag}${p === '' ? '' : ` ${p}`}]`;
  });
  return `usage: ${program} ${parts.join(' ')}`;
}

/**
 * `--help` text: a summary, the usage line and one line per flag.
 *
 * @param program - the program's name.
 * @param summary - what the program does (may span lines).
 * @param specs - its flags.
 */
export function helpText(program: string, summary: string, specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([flag, spec]) => {
    const p = placeholder(spec);
    return [`--${flag}${p === '' ? '' : ` ${p}`}`, spec.help] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    summary,
    '',
    usageLine(program, specs),
    '',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    `  ${'--help'.padEnd(width)}  this text`,
    '',
  ].join('\n');
}
