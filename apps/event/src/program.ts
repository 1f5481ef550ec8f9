import { MEMBER_FLAGS, memberSettings, refuseFlags } from '@ring/demo-kit';
import type { DemoProgram, FlagSpecs } from '@ring/demo-kit';
import { runEventDemo } from './event-demo.js';
import { runEventMember } from './event-member.js';

const FLAGS = {
  ...MEMBER_FLAGS,
  keys: { kind: 'list', help: 'keys to search after every change (default: hello,world)' },
  simulate: {
    kind: 'boolean',
    help: 'instead: replay node1..node3 in one process (in-memory network, virtual clock)',
  },
  seed: { kind: 'int', help: 'with --simulate: the simulation seed (default: 1)' },
} as const satisfies FlagSpecs;

/** `app-event`: seed 000, one member per process. */
export const eventProgram: DemoProgram<typeof FLAGS> = {
  name: 'app-event',
  summary: [
    'Seed 000 (memberlist "event"): a member that keeps a consistent-hash ring of the cluster from',
    'membership events and prints, on every change, the new size and where its keys live.',
    'Start one per terminal:',
    '  app-event --name node1 --bind 127.0.0.1:7947',
    '  app-event --name node2 --bind 127.0.0.1:7948 --join 127.0.0.1:7947 --keys foo,bar',
    '  app-event --name node3 --bind 127.0.0.1:7949 --join 127.0.0.1:7947 --keys foo,world',
    'Ctrl-C leaves gracefully and prints how often each key moved; kill -9 is a failure.',
  ].join('\n'),
  flags: FLAGS,
  async run(flags, context) {
    if (flags.simulate === true) {
      refuseFlags(flags, [...Object.keys(MEMBER_FLAGS), 'keys'], 'with --simulate');
      await runEventDemo({ seed: flags.seed ?? 1, write: context.out });
      return;
    }
    refuseFlags(flags, ['seed'], 'without --simulate');
    await runEventMember(
      { ...memberSettings(flags), keys: flags.keys ?? ['hello', 'world'] },
      context,
    );
  },
};
