import type { MemberState } from '@ring/swim';

/** `{"event":"config",…}`: printed once at start with the effective options. */
export interface ConfigLine {
  readonly event: 'config';
  readonly name: string;
  readonly addr: string;
  readonly preset: string;
  readonly transport: string;
  /** Effective timing options of the membership protocol (durations in ms). */
  readonly timing: Readonly<Record<string, number>>;
  readonly t: number;
}
/** `{"event":"ready",…}`: printed once the node is bootstrapped. */
export interface ReadyLine {
  readonly event: 'ready';
  readonly name: string;
  readonly count: number;
  readonly t: number;
}
/** `{"event":"join",…}`: a peer became a member. */
export interface JoinLine {
  readonly event: 'join';
  readonly name: string;
  readonly addr: string;
  readonly count: number;
  readonly t: number;
}
/** `{"event":"update",…}`: a peer became suspect, was refuted (alive) or changed its meta. */
export interface UpdateLine {
  readonly event: 'update';
  readonly name: string;
  readonly state: 'suspect' | 'alive';
  readonly t: number;
}
/** `{"event":"leave",…}`: a peer was removed after a failure (`dead`) or a graceful leave (`left`). */
export interface LeaveLine {
  readonly event: 'leave';
  readonly name: string;
  readonly state: 'dead' | 'left';
  readonly count: number;
  readonly t: number;
}
/** `{"event":"members",…}`: printed one second after the member count changed (once for a burst). */
export interface MembersLine {
  readonly event: 'members';
  readonly count: number;
  readonly t: number;
}
/** `{"event":"left",…}`: printed after the graceful leave. */
export interface LeftLine {
  readonly event: 'left';
  readonly t: number;
}
/** `{"event":"acquire",…}`: this node became owner of a partition replica (`from` the previous owner, or null). */
export interface AcquireLine {
  readonly event: 'acquire';
  readonly partition: number;
  readonly replica: number;
  readonly from: string | null;
  readonly t: number;
}
/** `{"event":"release",…}`: this node stopped owning a partition replica (`to` the new owner, or null). */
export interface ReleaseLine {
  readonly event: 'release';
  readonly partition: number;
  readonly replica: number;
  readonly to: string | null;
  readonly t: number;
}

/** `{"event":"user",…}`: a Serf user event (`--serf`); the payload as UTF-8 text. */
export interface UserLine {
  readonly event: 'user';
  readonly name: string;
  readonly payload: string;
  readonly ltime: number;
  readonly t: number;
}

/** Every line `ring-node --json` prints. */
export type EventLine =
  | ConfigLine
  | ReadyLine
  | JoinLine
  | UpdateLine
  | LeaveLine
  | MembersLine
  | LeftLine
  | AcquireLine
  | ReleaseLine
  | UserLine;

/**
 * Serialize one event as a single JSON line (keys in the documented order, newline-terminated).
 *
 * @param line - the event.
 */
export function formatEventLine(line: EventLine): string {
  return `${JSON.stringify(line)}\n`;
}

/**
 * Narrow a member state to what a `leave` line carries: anything but `left` is a failure (`dead`).
 *
 * @param state - the member's state when it was removed.
 */
export function leaveState(state: MemberState): 'dead' | 'left' {
  return state === 'left' ? 'left' : 'dead';
}

/**
 * A human-readable rendering of a line for the default (non-`--json`) output, or `undefined` for
 * the periodic and per-partition lines, which only `--json` prints.
 *
 * @param line - the event.
 */
export function formatEventText(line: EventLine): string | undefined {
  switch (line.event) {
    case 'config':
      return `${line.name}: gossip on ${line.addr} (${line.transport}, preset ${line.preset})\n`;
    case 'ready':
      return `${line.name}: ready, ${line.count} member${line.count === 1 ? '' : 's'}\n`;
    case 'join':
      return `join ${line.name} ${line.addr} (${line.count} members)\n`;
    case 'update':
      return `update ${line.name} is ${line.state}\n`;
    case 'leave':
      return `leave ${line.name} (${line.state}, ${line.count} members)\n`;
    case 'left':
      return 'left the cluster\n';
    case 'user':
      return `user event ${line.name} (ltime ${line.ltime}): ${line.payload}\n`;
    case 'members':
    case 'acquire':
    case 'release':
      return undefined;
  }
}
