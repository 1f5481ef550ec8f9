// Run: pnpm --filter @ring/partitions exec tsx --conditions=@ring/source examples/quickstart.ts
import { createPartitions, staticMembership } from '@ring/partitions';

const source = staticMembership([{ name: 'node-a' }, { name: 'node-b' }, { name: 'node-c' }]);
const parts = createPartitions(source, { localName: 'node-a', partitions: 16, redundancy: 2 });

parts.on('change', (e) => {
  console.log(
    `epoch ${e.epoch}: ${e.cause.member} ${e.cause.event}, ${e.changes.length} slots moved cluster-wide`,
  );
  for (const a of e.acquired)
    console.log(
      `Acquired partition ${a.partition}, replica ${a.replica} from ${a.from ?? 'nobody'}`,
    );
  for (const r of e.released)
    console.log(`Released partition ${r.partition}, replica ${r.replica} to ${r.to ?? 'nobody'}`);
});

console.log(
  'user:42 →',
  parts.membersForKey('user:42').map((m) => m.name),
);
source.join({ name: 'node-d' });
source.leave('node-d');
console.log(
  'user:42 →',
  parts.membersForKey('user:42').map((m) => m.name),
);
parts.close();
