import { PartitionsError } from '../errors.js';
import type { LocalView } from '../table/diff.js';

/**
 * Lifecycle of one slot on the local member: `acquiring` (the table gave it to us; `onAcquire` is
 * running, e.g. copying data from the previous owner) → `owned` → `releasing` (the table gave it
 * away; `onRelease` is running, e.g. streaming data to the new owner) → `released`.
 */
export type SlotState = 'acquiring' | 'owned' | 'releasing' | 'released';

/** What an `onAcquire` hook is told. */
export interface AcquireContext {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** The previous owner, `null` when the slot was unowned. */
  readonly from: string | null;
  /** We already held another replica of this partition: the data is here, skip the copy. */
  readonly hadPartition: boolean;
  /** Epoch of the change that caused the acquisition. */
  readonly epoch: number;
  /** Aborted when a later change supersedes this acquisition, or on close. */
  readonly signal: AbortSignal;
}

/** What an `onRelease` hook is told. */
export interface ReleaseContext {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** The new owner, `null` when the slot became unowned. */
  readonly to: string | null;
  /** We still hold another replica of this partition: keep the data. */
  readonly keepsPartition: boolean;
  /** Epoch of the change that caused the release. */
  readonly epoch: number;
  /** Aborted when a later change supersedes this release (we got the slot back), or on close. */
  readonly signal: AbortSignal;
}

/** Application hooks run around ownership changes of the local member's slots. */
export interface HandoffHooks {
  /** Runs on `acquiring`; the slot becomes `owned` when it returns or its promise settles. */
  readonly onAcquire?: (context: AcquireContext) => void | Promise<void>;
  /** Runs on `releasing`; the slot becomes `released` when it returns or its promise settles. */
  readonly onRelease?: (context: ReleaseContext) => void | Promise<void>;
}

/** A slot of the local member entered a lifecycle state. */
export interface HandoffTransition {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** The state entered. */
  readonly state: SlotState;
  /** Epoch of the change that started this acquisition or release. */
  readonly epoch: number;
}

interface SlotRecord {
  state: SlotState;
  chain: Promise<void>;
  generation: number;
  controller: AbortController | undefined;
}

/**
 * Runs the handoff lifecycle of the local member's slots. Pure bookkeeping plus promise chains: no
 * timers. Per slot, hooks run one at a time in change order; a newer change aborts the older
 * hook's signal and runs after it settles. Membership processing never waits for a hook.
 *
 * A hook that throws or rejects is reported through `onError` as `ERR_HOOK_FAILED` and the slot
 * still advances: ownership is decided by the table, the hook only moves data.
 */
export class Handoff {
  private readonly slots = new Map<number, SlotRecord>();
  private readonly hooks: HandoffHooks;
  private readonly redundancy: number;
  private readonly notify: (transition: HandoffTransition) => void;
  private readonly onError: (error: PartitionsError) => void;
  private closed = false;
  private started = 0;

  /**
   * @param redundancy - R (slot keys are `partition · R + replica`).
   * @param hooks - the application's hooks.
   * @param notify - told of every state entered.
   * @param onError - told of every failed hook.
   */
  constructor(
    redundancy: number,
    hooks: HandoffHooks,
    notify: (transition: HandoffTransition) => void,
    onError: (error: PartitionsError) => void,
  ) {
    this.redundancy = redundancy;
    this.hooks = hooks;
    this.notify = notify;
    this.onError = onError;
  }

  /**
   * State of a slot; `released` for a slot the local member never owned.
   *
   * @param partition - partition number.
   * @param replica - replica number.
   */
  state(partition: number, replica: number): SlotState {
    return this.slots.get(partition * this.redundancy + replica)?.state ?? 'released';
  }

  /**
   * Start the lifecycle transitions of one change. Returns at once; hooks run afterwards.
   *
   * @param view - the local member's acquisitions and releases.
   * @param epoch - the change's epoch.
   */
  apply(view: LocalView, epoch: number): void {
    if (this.closed) return;
    for (const r of view.released) {
      this.start(r.partition, r.replica, epoch, 'releasing', 'released', (signal) =>
        this.hooks.onRelease?.({ ...r, epoch, signal }),
      );
    }
    for (const a of view.acquired) {
      this.start(a.partition, a.replica, epoch, 'acquiring', 'owned', (signal) =>
        this.hooks.onAcquire?.({ ...a, epoch, signal }),
      );
    }
  }

  /** Resolves once no hook is running or queued (hooks started meanwhile are awaited too). */
  async settled(): Promise<void> {
    for (;;) {
      const started = this.started;
      await Promise.all([...this.slots.values()].map((s) => s.chain));
      if (started === this.started) return;
    }
  }

  /** Abort every running hook's signal and start no more. */
  close(): void {
    this.closed = true;
    for (const record of this.slots.values())
      record.controller?.abort(new PartitionsError('ERR_CLOSED', 'partitions closed'));
  }

  private start(
    partition: number,
    replica: number,
    epoch: number,
    entered: SlotState,
    done: SlotState,
    hook: (signal: AbortSignal) => void | Promise<void> | undefined,
  ): void {
    const key = partition * this.redundancy + replica;
    const record: SlotRecord = this.slots.get(key) ?? {
      state: 'released',
      chain: Promise.resolve(),
      generation: 0,
      controller: undefined,
    };
    this.slots.set(key, record);
    record.controller?.abort(
      new PartitionsError('ERR_ABORTED', `superseded by the change of epoch ${epoch}`),
    );
    const generation = ++record.generation;
    this.started++;
    const controller = new AbortController();
    record.controller = controller;
    record.state = entered;
    this.notify(Object.freeze({ partition, replica, state: entered, epoch }));
    record.chain = record.chain.then(async () => {
      if (record.generation === generation && !this.closed) {
        try {
          await hook(controller.signal);
        } catch (cause) {
          this.onError(
            new PartitionsError(
              'ERR_HOOK_FAILED',
              `${entered === 'acquiring' ? 'onAcquire' : 'onRelease'} failed for partition ${partition}, replica ${replica}`,
              {
                cause,
              },
            ),
          );
        }
      }
      if (record.generation !== generation || this.closed) return;
      record.state = done;
      record.controller = undefined;
      if (done === 'released') this.slots.delete(key);
      this.notify(Object.freeze({ partition, replica, state: done, epoch }));
    });
  }
}
