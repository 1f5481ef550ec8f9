import type { SwimPreset } from '@ring/swim';
import { DemoError } from './demo-error.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { parseHostPort } from './host-port.js';
import type { HostPort } from './host-port.js';

/** The flags every demo member takes (seed programs' `--join`, plus a name and an address). */
export const MEMBER_FLAGS = {
  name: { kind: 'name', help: 'this member’s name, unique in the cluster (default: node1)' },
  bind: {
    kind: 'ip-port',
    help: 'UDP+TCP address to listen on; port 0 picks a free one (default: 127.0.0.1:7946)',
  },
  join: {
    kind: 'host-port-list',
    help: 'the --bind address of any running member (repeatable); without it: start a new cluster',
  },
  preset: {
    kind: 'choice',
    choices: ['local', 'lan', 'wan'],
    help: 'memberlist timing preset (default: local, memberlist’s DefaultLocalConfig)',
  },
  'probe-interval': {
    kind: 'duration',
    help: 'probe a member this often instead of the preset’s (1s for local and lan); shorter finds failures sooner',
  },
} as const satisfies FlagSpecs;

/** The member settings read from {@link MEMBER_FLAGS}. */
export interface MemberSettings {
  readonly name: string;
  readonly bind: HostPort;
  readonly join: readonly HostPort[];
  readonly preset: SwimPreset;
  readonly probeIntervalMs?: number;
}

/**
 * Member settings from parsed flags, with the defaults applied.
 *
 * @param flags - flags parsed with (at least) {@link MEMBER_FLAGS}.
 */
export function memberSettings(flags: ParsedFlags<typeof MEMBER_FLAGS>): MemberSettings {
  const probe = flags['probe-interval'];
  return {
    name: flags.name ?? 'node1',
    bind: flags.bind ?? parseHostPort('127.0.0.1:7946'),
    join: flags.join ?? [],
    preset: (flags.preset ?? 'local') as SwimPreset,
    ...(probe !== undefined ? { probeIntervalMs: probe } : {}),
  };
}

/**
 * Refuse flags that mean nothing in the mode chosen (e.g. `--join` with `--simulate`): a flag
 * silently ignored is a bug report waiting to happen.
 *
 * @param flags - parsed flags.
 * @param names - flags that must be absent.
 * @param because - why, e.g. `with --simulate`.
 * @throws DemoError `ERR_USAGE` naming the first such flag.
 */
export function refuseFlags(
  flags: Readonly<Record<string, unknown>>,
  names: readonly string[],
  because: string,
): void {
  for (const name of names)
    if (flags[name] !== undefined)
      throw new DemoError('ERR_USAGE', `--${name} cannot be used ${because}`);
}
