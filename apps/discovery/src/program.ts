import {
  DemoError,
  MEMBER_FLAGS,
  memberSettings,
  parseHostPort,
  refuseFlags,
} from '@ring/demo-kit';
import type { DemoProgram, FlagSpecs } from '@ring/demo-kit';
import { runDiscoveryDemo } from './discovery-demo.js';
import { runDiscoveryMember } from './discovery-member.js';

const FLAGS = {
  ...MEMBER_FLAGS,
  http: {
    kind: 'ip-port',
    help: 'where this instance serves GET /cache/KEY; port 0 picks a free one (default: 127.0.0.1:0)',
  },
  service: { kind: 'name', help: 'the service provided and followed (default: cache)' },
  keys: {
    kind: 'list',
    help: 'keys whose owner is printed after every change (default: user:1,...,user:5)',
  },
  simulate: {
    kind: 'boolean',
    help: 'instead: the one-process run (four clients and a non-member subscriber in one process)',
  },
} as const satisfies FlagSpecs;

/** `app-discovery`: seed 004, one service instance per process. */
export const discoveryProgram: DemoProgram<typeof FLAGS> = {
  name: 'app-discovery',
  summary: [
    'Seed 004 (gopherdiscovery) without its single point of failure: every service instance is a',
    'cluster member with an HTTP cache server and a groupcache-style pool fed from peers().',
    'GET /cache/KEY on any instance is answered by the key’s owner. Start one per terminal:',
    '  app-discovery --name node1 --bind 127.0.0.1:7947 --http 127.0.0.1:8001',
    '  app-discovery --name node2 --bind 127.0.0.1:7948 --http 127.0.0.1:8002 --join 127.0.0.1:7947',
    '  app-discovery --name node3 --bind 127.0.0.1:7949 --http 127.0.0.1:8003 --join 127.0.0.1:7947',
    'Ctrl-C leaves gracefully; kill -9 (of any instance, the first one too) is a failure.',
  ].join('\n'),
  flags: FLAGS,
  async run(flags, context) {
    if (flags.simulate === true) {
      refuseFlags(
        flags,
        [...Object.keys(MEMBER_FLAGS), 'http', 'service', 'keys'],
        'with --simulate',
      );
      await runDiscoveryDemo({ write: context.out });
      return;
    }
    const http = flags.http ?? parseHostPort('127.0.0.1:0');
    if (http.host === '0.0.0.0' || http.host === '::')
      throw new DemoError(
        'ERR_USAGE',
        `--http: give an address the other instances can reach (it goes into this instance's url tag), not ${http.text}`,
      );
    await runDiscoveryMember(
      {
        ...memberSettings(flags),
        http,
        service: flags.service ?? 'cache',
        keys: flags.keys ?? ['user:1', 'user:2', 'user:3', 'user:4', 'user:5'],
      },
      context,
    );
  },
};
