/**
 * "Why is this member suspect/dead?": recording evidence into the node's {@link MemberHistory}
 * where claims are applied and probes finish, and assembling it into a {@link MemberExplanation}.
 */
import type { Accusation, MemberRecord } from '../core/membership/member-table.js';
import type { MemberState } from '../core/membership/member.js';
import type {
  AckFacts,
  HistoryEntry,
  HistoryKind,
  HistoryVia,
  SuspicionFacts,
} from './member-history.js';
import type { NodeEnv } from '../shell/node-env.js';
import type { MemberTable } from '../core/membership/member-table.js';
import type { Suspicion } from '../core/membership/suspicion.js';

/** The active suspicion of a member, as {@link MemberExplanation} shows it. */
export interface ActiveSuspicion extends SuspicionFacts {
  /** Who started it. */
  readonly from: string;
  /** When it started (clock ms). */
  readonly startedAt: number;
  /** When the member will be declared dead unless it refutes (clock ms). */
  readonly deadline: number;
  /** `deadline − now` (ms; ≤ 0 when overdue). */
  readonly remainingMs: number;
}

/**
 * Everything this node knows about why a member is in its state. The schema is stable: fields are
 * only ever added. Times are clock milliseconds (epoch milliseconds with the system clock).
 */
export interface MemberExplanation {
  /** The member's name. */
  readonly name: string;
  /** True when it is this node. */
  readonly local: boolean;
  /** Clock time the explanation was made. */
  readonly now: number;
  /**
   * The member as the table holds it now, or null when it was forgotten (reaped after
   * `gossipToTheDeadTimeMs`) and only its history is left.
   */
  readonly member: {
    readonly address: string;
    readonly state: MemberState;
    readonly incarnation: number;
    /** When it entered its current state (clock ms). */
    readonly stateSince: number;
  } | null;
  /** The suspicion in force, or null. */
  readonly suspicion: ActiveSuspicion | null;
  /** Our last successful probe of it, or null (never probed, or never answered). */
  readonly lastAck: AckFacts | null;
  /** Probes of it that were acked / failed, since it joined our table. */
  readonly probes: { readonly acks: number; readonly failures: number };
  /** Our Lifeguard awareness now: score (0 = healthy) and its ceiling (`awarenessMaxMultiplier − 1`). */
  readonly awareness: { readonly score: number; readonly max: number };
  /** Entries kept per member (the ring buffer's size). */
  readonly historySize: number;
  /** Entries dropped from the front of this member's history. */
  readonly dropped: number;
  /** Oldest first. */
  readonly history: readonly HistoryEntry[];
}

/** The numbers of a suspicion as of now. */
export function suspicionFacts(s: Suspicion): SuspicionFacts {
  return {
    confirmations: s.confirmations,
    k: s.k,
    minMs: s.minMs,
    maxMs: s.maxMs,
    timeoutMs: s.deadline() - s.startedAt,
  };
}

/** Extra fields of an entry (the rest is filled in from the record and the context). */
interface EntryExtras {
  readonly from?: string;
  readonly via?: HistoryVia;
  readonly suspicion?: Suspicion;
  readonly probe?: { readonly nacks: number; readonly expectedNacks: number };
  readonly claimIncarnation?: number;
}

/**
 * Record a history entry for `rec` in its current state.
 *
 * @param env - the node.
 * @param rec - the member record (after the change).
 * @param kind - what happened.
 * @param extras - accuser, path, suspicion, probe details.
 */
export function recordHistory(
  env: NodeEnv,
  rec: MemberRecord,
  kind: HistoryKind,
  extras: EntryExtras = {},
): void {
  if (!env.history.wants(kind)) return;
  env.history.record(rec.name, {
    at: env.clock.now(),
    kind,
    state: rec.state,
    incarnation: rec.incarnation,
    awareness: env.awareness.score,
    from: extras.from ?? null,
    via: extras.via ?? null,
    suspicion: extras.suspicion === undefined ? null : suspicionFacts(extras.suspicion),
    probe: extras.probe ?? null,
    claimIncarnation: extras.claimIncarnation ?? null,
  });
}

/**
 * Record that we refuted a claim about ourselves.
 *
 * @param env - the node.
 * @param table - its member table.
 * @param claim - the claim (its accuser and incarnation), or undefined for an alive claim.
 * @param claimIncarnation - the incarnation the claim carried.
 * @param via - through which message it came.
 */
export function recordRefute(
  env: NodeEnv,
  table: MemberTable,
  claim: Accusation | undefined,
  claimIncarnation: number,
  via: HistoryVia,
): void {
  recordHistory(env, table.local, 'refute', {
    ...(claim === undefined ? {} : { from: claim.from }),
    via,
    claimIncarnation,
  });
}

/**
 * Record a successful probe.
 *
 * @param env - the node.
 * @param name - the probed member.
 * @param ack - time, round trip and path.
 */
export function recordAck(env: NodeEnv, name: string, ack: AckFacts): void {
  env.history.recordAck(name, ack);
}

/**
 * Assemble the explanation of `name`.
 *
 * @param env - the node.
 * @param t - its member table.
 * @param name - the member.
 * @returns undefined when the member is neither in the table nor among the remembered histories.
 */
export function explainMember(
  env: NodeEnv,
  t: MemberTable,
  name: string,
): MemberExplanation | undefined {
  const rec = t.get(name);
  const history = env.history.get(name);
  if (rec === undefined && history === undefined) return undefined;
  const now = env.clock.now();
  const s = rec === undefined ? undefined : t.suspicion(name);
  return {
    name,
    local: name === t.localName,
    now,
    member:
      rec === undefined
        ? null
        : {
            address: rec.address,
            state: rec.state,
            incarnation: rec.incarnation,
            stateSince: rec.stateChangeAt,
          },
    suspicion:
      s === undefined
        ? null
        : {
            ...suspicionFacts(s),
            from: s.from,
            startedAt: s.startedAt,
            deadline: s.deadline(),
            remainingMs: s.deadline() - now,
          },
    lastAck: history?.lastAck ?? null,
    probes: { acks: history?.acks ?? 0, failures: history?.failures ?? 0 },
    awareness: {
      score: env.awareness.score,
      max: Math.max(1, Math.floor(env.options.awarenessMaxMultiplier)) - 1,
    },
    historySize: env.history.capacity,
    dropped: history?.dropped ?? 0,
    history: history?.entries ?? [],
  };
}
