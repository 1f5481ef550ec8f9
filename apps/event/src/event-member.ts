import type { Member } from '@ring/swim';
import type { ProgramContext } from '@ring/demo-kit';
import { leaveAndShutdown, startSwimMember } from '@ring/demo-kit';
import type { MemberSettings } from '@ring/demo-kit';
import { KeyPlacer } from './key-placer.js';
import { PlacementHistory } from './placement-history.js';

/** Options of {@link runEventMember}. */
export interface EventMemberOptions extends MemberSettings {
  /** Keys this member searches after every change (seed 000: `hello,world` on node1). */
  readonly keys: readonly string[];
}

/**
 * Seed 000 as one process: a member with its own consistent-hash ring built from membership events
 * only (memberlist's EventDelegate: join adds, leave removes). On every change it prints the
 * seed's lines — `join ADDR` / `leave ADDR`, `current node size: N`, `NAME search KEY => ADDR` —
 * and, when asked to stop, leaves gracefully and prints the `finally:` summary.
 *
 * @param options - member settings and keys.
 * @param context - output and the stop signal.
 * @throws DemoError `ERR_BIND` / `ERR_JOIN_FAILED` when it cannot start.
 */
export async function runEventMember(
  options: EventMemberOptions,
  context: ProgramContext,
): Promise<void> {
  const { out } = context;
  const history = new PlacementHistory();
  let placer: KeyPlacer | undefined;
  let reportQueued = false;
  const report = (): void => {
    reportQueued = false;
    if (placer === undefined) return;
    out(`current node size: ${placer.size}`);
    for (const key of options.keys) {
      const owner = placer.search(key);
      history.record(key, owner);
      out(`${options.name} search ${key} => ${owner}`);
    }
  };
  // A join brings several members at once (the seed's full state): print each, then one report.
  const queueReport = (): void => {
    if (reportQueued) return;
    reportQueued = true;
    queueMicrotask(report);
  };
  const self = (m: Member): boolean => m.name === options.name;
  const node = await startSwimMember({
    ...options,
    attach: (n) => {
      n.on('join', (m) => {
        if (self(m) || placer === undefined) return;
        out(`join ${m.address}`);
        placer.join(m.address);
        queueReport();
      });
      // Not a seed line, but it is what a member sees between a kill -9 and the `leave`.
      n.on('suspect', (m) => out(`suspect ${m.address} (no answer to probes)`));
      n.on('alive', (m) => out(`alive ${m.address} (refuted the suspicion)`));
      n.on('leave', (m) => {
        if (self(m) || placer === undefined) return;
        out(`leave ${m.address}`);
        placer.leave(m.address);
        queueReport();
      });
    },
    onStarted: (n) => {
      placer = new KeyPlacer(n.address);
      out(`listening on ${n.address} as ${options.name}`);
    },
  });
  if (options.join.length === 0) report();
  const why = await context.stopRequested;
  out(`${why}: leaving the cluster`);
  await leaveAndShutdown(node);
  out('');
  out('finally:');
  for (const line of history.summary()) out(line);
}
