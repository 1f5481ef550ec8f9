// Events the Go peer prints, commands it reads, and predicates and helpers over them.

/** State of a member as memberlist tracks it. */
export type GoPeerState = 'alive' | 'suspect' | 'dead' | 'left';
/** A member as the Go peer prints it. `meta` is base64; `tags` is set when meta holds Serf tags. */
export interface GoPeerNode {
  name: string;
  addr: string;
  meta: string;
  state: GoPeerState;
  incarnation: number;
  /** `[pmin, pmax, pcur, dmin, dmax, dcur]`. */
  vsn: number[];
  tags?: Record<string, string>;
}
/** One line of the Go peer's stdout, plus the harness's own final `exit` event. */
export type GoPeerEvent =
  | {
      event: 'ready';
      name: string;
      addr: string;
      port: number;
      joined: number;
      config: Record<string, number | boolean | number[]>;
      rebroadcast: boolean;
    }
  | (GoPeerNode & { event: 'join'; self?: true })
  | (GoPeerNode & { event: 'leave'; self?: true })
  | (GoPeerNode & { event: 'update'; self?: true })
  | { event: 'message'; payload: string }
  | { event: 'conflict'; name: string; existing: GoPeerNode; other: string }
  | { event: 'remote-state'; join: boolean; payload: string }
  | {
      event: 'members';
      id?: string;
      cmd: 'members';
      members: GoPeerNode[];
      numMembers: number;
      health: number;
    }
  | { event: 'ok'; id?: string; cmd: string; joined?: number; queued?: number }
  | { event: 'left'; id?: string }
  | { event: 'error'; error: string; id?: string; cmd?: string }
  | { event: 'exit'; code: number | null; signal: string | null };
/** A command line for the Go peer (see README.md); `id` is added by {@link GoPeer.command}. */
export type GoPeerCommand =
  | { cmd: 'members' }
  | { cmd: 'join'; addrs: readonly string[] }
  | { cmd: 'send'; to?: string; addr?: string; payload: string; reliable?: boolean }
  | { cmd: 'broadcast'; payload: string }
  | { cmd: 'meta'; tags?: Record<string, string>; meta?: string; timeoutMs?: number }
  | { cmd: 'state'; payload: string }
  | { cmd: 'leave'; timeoutMs?: number };
/** How a peer process ended. */
export interface GoPeerExit {
  code: number | null;
  signal: string | null;
}

/** A predicate over events; a type guard narrows what {@link GoPeer.waitFor} resolves with. */
export type Matcher<E extends GoPeerEvent> =
  ((e: GoPeerEvent) => e is E) | ((e: GoPeerEvent) => boolean);

/** Base64 of bytes or of a UTF-8 string. */
export function toBase64(data: Uint8Array | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString(
    'base64',
  );
}
/** Decodes a base64 `payload` or `meta` field. */
export function fromBase64(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}
/** Predicate: a `join` of the member `name`. */
export function isJoinOf(name: string) {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'join' }> =>
    e.event === 'join' && e.name === name;
}
/** Predicate: a `leave` of `name`, optionally with the given state (`dead` after a crash, `left` after a leave). */
export function isLeaveOf(name: string, state?: 'dead' | 'left') {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'leave' }> =>
    e.event === 'leave' && e.name === name && (state === undefined || e.state === state);
}
/** Predicate: an `update` of `name` (meta change). */
export function isUpdateOf(name: string) {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'update' }> =>
    e.event === 'update' && e.name === name;
}
/** Predicate: a user `message` whose payload equals `payload` (bytes or UTF-8). */
export function isMessage(payload: Uint8Array | string) {
  const b64 = toBase64(payload);
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'message' }> =>
    e.event === 'message' && e.payload === b64;
}
