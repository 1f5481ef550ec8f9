import { MEMBER_FLAGS, memberSettings, refuseFlags } from '@ring/demo-kit';
import type { DemoProgram, FlagSpecs } from '@ring/demo-kit';
import { runBroadcastDemo } from './broadcast-demo.js';
import { runBroadcastMember } from './broadcast-member.js';

const FLAGS = {
  ...MEMBER_FLAGS,
  'send-every': {
    kind: 'duration',
    help: 'broadcast "key=I am NAME value=N" this often (e.g. 1s); without it: only receive',
  },
  simulate: {
    kind: 'boolean',
    help: 'instead: replay node1..node3 in one process (in-memory network, virtual clock)',
  },
  seed: { kind: 'int', help: 'with --simulate: the simulation seed (default: 1)' },
} as const satisfies FlagSpecs;

/** `app-broadcast`: seed 001, one member per process. */
export const broadcastProgram: DemoProgram<typeof FLAGS> = {
  name: 'app-broadcast',
  summary: [
    'Seed 001 (memberlist "broadcast"): application messages piggybacked on membership gossip.',
    'node1 only receives; node2 and node3 also send. Start one per terminal:',
    '  app-broadcast --name node1 --bind 127.0.0.1:7947',
    '  app-broadcast --name node2 --bind 127.0.0.1:7948 --join 127.0.0.1:7947 --send-every 1s',
    '  app-broadcast --name node3 --bind 127.0.0.1:7949 --join 127.0.0.1:7947 --send-every 1s',
    'Ctrl-C leaves gracefully; kill -9 is a failure the others detect.',
  ].join('\n'),
  flags: FLAGS,
  async run(flags, context) {
    if (flags.simulate === true) {
      refuseFlags(flags, [...Object.keys(MEMBER_FLAGS), 'send-every'], 'with --simulate');
      await runBroadcastDemo({ seed: flags.seed ?? 1, write: context.out });
      return;
    }
    refuseFlags(flags, ['seed'], 'without --simulate');
    const every = flags['send-every'];
    await runBroadcastMember(
      { ...memberSettings(flags), ...(every !== undefined ? { sendEveryMs: every } : {}) },
      context,
    );
  },
};
