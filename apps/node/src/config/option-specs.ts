import { PRESETS } from '@ring/swim';
import type { SwimPreset } from '@ring/swim';

/** How a raw option value is read. `list` options are repeatable and comma-separated. */
export type OptionKind = 'string' | 'list' | 'boolean';

/** One user-facing option: the same key works as a flag, an environment variable and a config-file key. */
export interface OptionSpec {
  /** Flag name without dashes; also the config-file key (e.g. `watch-tag`). */
  readonly flag: string;
  /** How the value is read. */
  readonly kind: OptionKind;
  /** Placeholder shown in `--help`. */
  readonly value?: string;
  /** One-line description for `--help`, including the default. */
  readonly help: string;
}

/** The timing presets `--preset` accepts: `@ring/swim`'s, in its order (`lan`, `wan`, `local`). */
export const PRESET_NAMES = Object.keys(PRESETS) as SwimPreset[];

/** Every option `ring-node` understands, in `--help` order. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    flag: 'name',
    kind: 'string',
    value: 'NAME',
    help: 'unique node name (default: the host name)',
  },
  {
    flag: 'bind',
    kind: 'string',
    value: 'HOST:PORT',
    help: 'gossip bind address (default: 0.0.0.0:7946; port 0 = any free port)',
  },
  {
    flag: 'advertise',
    kind: 'string',
    value: 'HOST:PORT',
    help: 'address other members use to reach this node (default: the bound address)',
  },
  {
    flag: 'join',
    kind: 'list',
    value: 'HOST:PORT[,...]',
    help: 'seed members to join; repeatable; DNS names allowed; port defaults to 7946',
  },
  {
    flag: 'preset',
    kind: 'string',
    value: PRESET_NAMES.join('|'),
    help: 'memberlist timing preset (default: lan)',
  },
  {
    flag: 'transport',
    kind: 'string',
    value: 'udp|tcp',
    help: 'udp = UDP packets + TCP streams (memberlist default); tcp = TCP only (default: udp)',
  },
  {
    flag: 'label',
    kind: 'string',
    value: 'LABEL',
    help: 'cluster label; packets with another label are dropped',
  },
  {
    flag: 'key',
    kind: 'string',
    value: 'BASE64',
    help: 'AES-GCM gossip encryption key (16, 24 or 32 bytes, base64)',
  },
  {
    flag: 'keyring',
    kind: 'string',
    value: 'FILE',
    help: 'keyring file: JSON array of base64 keys, the first is primary',
  },
  {
    flag: 'tags',
    kind: 'list',
    value: 'K=V[,...]',
    help: 'node tags (Serf-style metadata); repeatable',
  },
  {
    flag: 'serf',
    kind: 'boolean',
    help: 'be a member of a HashiCorp Serf cluster: agents list this node with its tags; Serf user events print as "user" lines; POST /v1/events sends one; the query ring-owner answers a key\'s owner',
  },
  { flag: 'partitions', kind: 'string', value: 'N', help: 'number of partitions (default: 64)' },
  { flag: 'redundancy', kind: 'string', value: 'R', help: 'owners per partition (default: 1)' },
  {
    flag: 'watch-tag',
    kind: 'list',
    value: 'K=REGEX',
    help: 'only members whose tag K matches REGEX own keys/partitions; repeatable (all must match)',
  },
  {
    flag: 'http',
    kind: 'string',
    value: 'HOST:PORT|off',
    help: 'HTTP admin API address (default: 127.0.0.1:7947)',
  },
  {
    flag: 'http-advertise',
    kind: 'string',
    value: 'HOST:PORT',
    help: 'admin API address other members forward to (default: --http; with a wildcard --http, the gossip host)',
  },
  {
    flag: 'http-token',
    kind: 'string',
    value: 'TOKEN',
    help: 'bearer token required by POST/PUT/DELETE on the admin API (or RING_HTTP_TOKEN)',
  },
  {
    flag: 'http-token-file',
    kind: 'string',
    value: 'FILE',
    help: 'read the admin token from the first line of FILE',
  },
  {
    flag: 'http-allow-host',
    kind: 'list',
    value: 'HOST[:PORT][,...]',
    help: 'more Host names the admin API answers to (default: its address, localhost)',
  },
  {
    flag: 'http-insecure',
    kind: 'boolean',
    help: 'allow an admin API bound off loopback without a token',
  },
  {
    flag: 'http-tls-cert',
    kind: 'string',
    value: 'FILE',
    help: 'serve the admin API over HTTPS with this PEM certificate (needs --http-tls-key)',
  },
  {
    flag: 'http-tls-key',
    kind: 'string',
    value: 'FILE',
    help: 'PEM private key for --http-tls-cert',
  },
  {
    flag: 'kv-max-keys',
    kind: 'string',
    value: 'N',
    help: 'most keys the /v1/kv store holds (default: 10000)',
  },
  {
    flag: 'kv-max-bytes',
    kind: 'string',
    value: 'BYTES',
    help: 'most bytes the /v1/kv store holds, keys plus values (default: 67108864)',
  },
  {
    flag: 'hop-limit',
    kind: 'string',
    value: 'N',
    help: 'how many times a request may be forwarded to a key owner (default: 3)',
  },
  {
    flag: 'leave-timeout-ms',
    kind: 'string',
    value: 'MS',
    help: 'graceful leave timeout on SIGINT/SIGTERM (default: 5000)',
  },
  {
    flag: 'log-level',
    kind: 'string',
    value: 'LEVEL',
    help: 'debug|info|warn|error|silent; logs go to stderr (default: info)',
  },
  {
    flag: 'json',
    kind: 'boolean',
    help: 'print one JSON event per line on stdout (and nothing else there)',
  },
  {
    flag: 'impair',
    kind: 'string',
    value: 'delay=MS,jitter=MS,loss=P,seed=N,mtu=B',
    help: "TESTING ONLY: delay/drop this node's outbound gossip packets, cap the packet size to an MTU",
  },
  {
    flag: 'config',
    kind: 'string',
    value: 'FILE',
    help: 'JSON config file with the same keys as these flags',
  },
  {
    flag: 'members',
    kind: 'string',
    value: 'K',
    help: 'run K full members in this process on consecutive gossip/HTTP ports, named NAME-1..NAME-K (default: 1)',
  },
  { flag: 'version', kind: 'boolean', help: 'print the version and exit' },
  { flag: 'help', kind: 'boolean', help: 'print this help and exit' },
];

/**
 * The environment variable for a flag: `watch-tag` → `RING_WATCH_TAG`.
 *
 * @param flag - flag name without dashes.
 */
export function envName(flag: string): string {
  return `RING_${flag.toUpperCase().replaceAll('-', '_')}`;
}
