// A fake AdminNode for the admin server's tests: fixed members, a caller-given owner function.
import { HTTP_TAG } from '../constants.js';
import type { AdminNode, MemberChange, MemberView } from '../http/admin-api.js';
import { AsyncQueue } from '@ring/base';

/** A fake node: fixed members, `owners` decides who owns a key by its first letter. */
export class FakeNode implements AdminNode {
  readonly feeds: AsyncQueue<MemberChange>[] = [];
  leaves = 0;
  httpAddress = '';
  /** Gossip address (loopback, as in a one-machine cluster, unless a test says otherwise). */
  address = '127.0.0.1:7946';
  constructor(
    readonly name: string,
    readonly peers: Map<string, FakeNode>,
    readonly owners: (key: string) => string | null,
  ) {}
  view(): MemberView {
    return {
      name: this.name,
      address: this.address,
      state: 'alive',
      incarnation: 1,
      tags: { [HTTP_TAG]: this.httpAddress },
    };
  }
  members(): MemberView[] {
    return [...this.peers.values()].map((p) => p.view());
  }
  health() {
    return {
      name: this.name,
      status: this.leaves > 0 ? ('leaving' as const) : ('alive' as const),
      healthScore: 2,
      members: this.peers.size,
    };
  }
  lookup(key: string) {
    const owner = this.owners(key);
    return {
      key,
      owner: owner === null ? null : this.peers.get(owner)!.view(),
      partition: key.length,
      partitionOwners: owner === null ? [] : [owner],
    };
  }
  partitions() {
    return { partitions: 2, redundancy: 1, epoch: 7, owners: [['n1'], ['n2']] };
  }
  subscribe(signal: AbortSignal) {
    const q = new AsyncQueue<MemberChange>(signal);
    this.feeds.push(q);
    return { snapshot: this.members(), changes: q };
  }
  metrics(): string {
    return '# TYPE ring_node_members gauge\nring_node_members 2\n';
  }
  leave(): void {
    this.leaves++;
  }
}
