import { isIP } from 'node:net';
import { META_MAX_SIZE, encodeTags } from '@ring/swim';
import type { SwimPreset } from '@ring/swim';
import { NodeError } from '../errors.js';
import {
  DEFAULT_BIND,
  DEFAULT_GOSSIP_PORT,
  DEFAULT_HOP_LIMIT,
  DEFAULT_HTTP,
  DEFAULT_LEAVE_TIMEOUT_MS,
  DEFAULT_PARTITIONS,
  DEFAULT_REDUNDANCY,
  HTTP_TAG,
} from '../constants.js';
import { optionsFromConfigFile } from './config-file.js';
import { PRESET_NAMES } from './option-specs.js';
import { formatHostPort, parseHostPort } from './host-port.js';
import { checkExposure, readToken } from './http-security.js';
import { parseImpairSpec } from './impair-spec.js';
import type { ImpairSpec } from './impair-spec.js';
import type { HttpSecurity } from './http-security.js';
import { DEFAULT_KV_MAX_BYTES, DEFAULT_KV_MAX_KEYS } from '../http/kv-store.js';
import { optionsFromArgv, optionsFromEnv } from './raw-options.js';
import type { RawOptions, RawValue } from './raw-options.js';

/** Which transport carries gossip. */
export type TransportKind = 'udp' | 'tcp';
/** Log levels, most verbose first; `silent` disables logging. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The validated, frozen configuration of one `ring-node`. */
export interface NodeConfig {
  /** Unique node name. @default the host name */
  readonly name: string;
  /** Gossip bind address `host:port`. @default `0.0.0.0:7946` */
  readonly bind: string;
  /** Address advertised to peers, when different from the bound one. */
  readonly advertise: string | undefined;
  /** Seeds to join (`host:port`, DNS names allowed). @default [] */
  readonly join: readonly string[];
  /** Timing preset. @default `lan` */
  readonly preset: SwimPreset;
  /** Transport kind. @default `udp` */
  readonly transport: TransportKind;
  /** Cluster label. */
  readonly label: string | undefined;
  /** Encryption keys, primary first; empty = no encryption. */
  readonly keys: readonly Uint8Array[];
  /** Node tags. @default {} */
  readonly tags: Readonly<Record<string, string>>;
  /** Number of partitions. @default 64 */
  readonly partitions: number;
  /** Owners per partition. @default 1 */
  readonly redundancy: number;
  /** Tag filters a member must all match to own keys and partitions. @default {} */
  readonly watchTags: Readonly<Record<string, RegExp>>;
  /** HTTP admin API address, or `undefined` when disabled (`--http off`). @default `127.0.0.1:7947` */
  readonly http: string | undefined;
  /** Admin API address advertised to other members (`--http-advertise`); `undefined` = derived. */
  readonly httpAdvertise: string | undefined;
  /** Token, allowed hosts, TLS and store bounds of the admin API. */
  readonly httpSecurity: HttpSecurity;
  /** Maximum forwards of one request. @default 3 */
  readonly hopLimit: number;
  /** Graceful leave timeout in ms. @default 5000 */
  readonly leaveTimeoutMs: number;
  /** Log level. @default `info` */
  readonly logLevel: LogLevel;
  /** JSON event lines on stdout. @default false */
  readonly json: boolean;
  /** Members run by this process (`--members K`, see {@link memberConfigs}). @default 1 */
  readonly members: number;
  /** Faults injected into this node's outbound gossip (`--impair`, testing only). */
  readonly impair: ImpairSpec | undefined;
  /** Be a Serf member (`@ring/serf`) instead of a bare memberlist member. @default false */
  readonly serf: boolean;
}

/** What {@link loadConfig} needs from the outside world (injected for tests). */
export interface ConfigSources {
  /** Command-line arguments without `node` and the script. */
  readonly argv: readonly string[];
  /** Environment (`RING_*` variables are read). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read a file as UTF-8 (config and keyring files). */
  readonly readFile: (path: string) => string;
  /** Default node name. */
  readonly hostname: string;
}

/** Result of {@link loadConfig}: either a request for help or a validated config. */
export type LoadedConfig =
  | {
      readonly help: true;
      /** What to print instead of running: the usage text or the version. @default `usage` */
      readonly topic?: 'usage' | 'version';
    }
  | { readonly help: false; readonly config: NodeConfig };

interface Picked {
  readonly value: RawValue;
  readonly where: string;
}

function integer(p: Picked, flag: string, min: number, max: number): number {
  const text = String(p.value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new NodeError(
      'ERR_USAGE',
      `--${flag}: expected an integer from ${min} to ${max}, got '${text}' (${p.where})`,
    );
  }
  return n;
}

function oneOf<T extends string>(p: Picked, flag: string, allowed: readonly T[]): T {
  const text = String(p.value);
  if (!(allowed as readonly string[]).includes(text)) {
    throw new NodeError(
      'ERR_USAGE',
      `--${flag}: expected one of ${allowed.join(', ')}, got '${text}' (${p.where})`,
    );
  }
  return text as T;
}

function items(p: Picked): string[] {
  const list =
    typeof p.value === 'boolean' ? [] : typeof p.value === 'string' ? [p.value] : p.value;
  return list
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function pairs(p: Picked, flag: string): [string, string][] {
  return items(p).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new NodeError('ERR_USAGE', `--${flag}: expected key=value, got '${item}' (${p.where})`);
    return [item.slice(0, eq), item.slice(eq + 1)];
  });
}

function decodeKey(text: string, where: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || ![16, 24, 32].includes(bytes.length)) {
    throw new NodeError(
      'ERR_USAGE',
      // Never echo the value: a key that is slightly wrong is still mostly a secret.
      `${where}: an encryption key must be 16, 24 or 32 bytes of base64 (got ${trimmed.length} characters${/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? ` decoding to ${bytes.length} bytes` : ' that are not base64'})`,
    );
  }
  return new Uint8Array(bytes);
}

function readKeyring(path: string, readFile: (path: string) => string): Uint8Array[] {
  let json: unknown;
  try {
    json = JSON.parse(readFile(path));
  } catch (error) {
    throw new NodeError(
      'ERR_CONFIG_FILE',
      `--keyring: cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!Array.isArray(json) || json.length === 0 || !json.every((k) => typeof k === 'string')) {
    throw new NodeError(
      'ERR_CONFIG_FILE',
      `--keyring: ${path} must be a non-empty JSON array of base64 keys`,
    );
  }
  return json.map((k: string, i) => decodeKey(k, `--keyring ${path}[${i}]`));
}

function normalizeAddress(text: string, flag: string, defaultPort?: number): string {
  const { host, port } = parseHostPort(text.trim(), `--${flag}`, defaultPort);
  return formatHostPort(host, port);
}

/**
 * Build a validated config from defaults < config file < `RING_*` environment < command line.
 * List options (`--join`, `--tags`, `--watch-tag`) from a higher source replace the lower ones.
 *
 * @param sources - argv, env, file reader and host name.
 * @throws NodeError `ERR_USAGE` on any bad flag or value (the CLI exits with code 2),
 *   `ERR_CONFIG_FILE` when the config or keyring file cannot be read.
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const cli = optionsFromArgv(sources.argv);
  if (cli.values.get('help') === true) return Object.freeze({ help: true, topic: 'usage' });
  if (cli.values.get('version') === true) return Object.freeze({ help: true, topic: 'version' });
  const env = optionsFromEnv(sources.env);
  const layers: RawOptions[] = [cli, env];
  const configPath = cli.values.get('config') ?? env.values.get('config');
  if (typeof configPath === 'string') {
    let text: string;
    try {
      text = sources.readFile(configPath);
    } catch (error) {
      throw new NodeError(
        'ERR_CONFIG_FILE',
        `--config: cannot read ${configPath}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    layers.push(optionsFromConfigFile(text, configPath));
  }
  const pick = (flag: string): Picked | undefined => {
    for (const layer of layers) {
      const value = layer.values.get(flag);
      if (value !== undefined) return { value, where: `from ${layer.source}` };
    }
    return undefined;
  };
  const str = (flag: string): string | undefined => {
    const p = pick(flag);
    return p === undefined ? undefined : String(p.value);
  };

  const name = (str('name') ?? sources.hostname).trim();
  if (name === '' || name.length > 255)
    throw new NodeError('ERR_USAGE', '--name: must be 1-255 characters');
  const bind = normalizeAddress(str('bind') ?? DEFAULT_BIND, 'bind');
  if (isIP(parseHostPort(bind, '--bind').host) === 0)
    throw new NodeError(
      'ERR_USAGE',
      `--bind: '${bind}' must be an IP address (use --advertise for a DNS name)`,
    );
  const advertiseText = str('advertise');
  const advertise =
    advertiseText === undefined ? undefined : normalizeAddress(advertiseText, 'advertise');
  const joinPick = pick('join');
  const join =
    joinPick === undefined
      ? []
      : items(joinPick).map((j) => normalizeAddress(j, 'join', DEFAULT_GOSSIP_PORT));
  const presetPick = pick('preset');
  const preset =
    presetPick === undefined ? 'lan' : oneOf<SwimPreset>(presetPick, 'preset', PRESET_NAMES);
  const transportPick = pick('transport');
  const transport =
    transportPick === undefined
      ? 'udp'
      : oneOf<TransportKind>(transportPick, 'transport', ['udp', 'tcp']);
  const label = str('label');
  if (label !== undefined && new TextEncoder().encode(label).length > 255) {
    throw new NodeError('ERR_USAGE', '--label: at most 255 bytes');
  }
  const keyText = str('key');
  const keyringPath = str('keyring');
  if (keyText !== undefined && keyringPath !== undefined) {
    throw new NodeError('ERR_USAGE', '--key and --keyring are mutually exclusive');
  }
  const keys =
    keyText !== undefined
      ? [decodeKey(keyText, '--key')]
      : keyringPath !== undefined
        ? readKeyring(keyringPath, sources.readFile)
        : [];
  const tagsPick = pick('tags');
  const tags = Object.fromEntries(tagsPick === undefined ? [] : pairs(tagsPick, 'tags'));
  // The node adds its HTTP address as a tag; leave room for the longest one ([v6]:port).
  const metaSize = encodeTags({ ...tags, [HTTP_TAG]: `[${'f'.repeat(39)}]:65535` }).length;
  if (metaSize > META_MAX_SIZE) {
    throw new NodeError(
      'ERR_USAGE',
      `--tags: the tags take ${metaSize} bytes of node metadata (with the HTTP address tag); the limit is ${META_MAX_SIZE}`,
    );
  }
  const partitionsPick = pick('partitions');
  const partitions =
    partitionsPick === undefined
      ? DEFAULT_PARTITIONS
      : integer(partitionsPick, 'partitions', 1, 65_536);
  const redundancyPick = pick('redundancy');
  const redundancy =
    redundancyPick === undefined
      ? DEFAULT_REDUNDANCY
      : integer(redundancyPick, 'redundancy', 1, 64);
  if (redundancy > partitions) {
    throw new NodeError(
      'ERR_USAGE',
      `--redundancy: ${redundancy} owners per partition needs at least ${redundancy} partitions (got --partitions ${partitions})`,
    );
  }
  const watchPick = pick('watch-tag');
  const watchTags: Record<string, RegExp> = {};
  for (const [key, source] of watchPick === undefined ? [] : pairs(watchPick, 'watch-tag')) {
    try {
      watchTags[key] = new RegExp(source);
    } catch (error) {
      throw new NodeError(
        'ERR_USAGE',
        `--watch-tag: invalid regular expression '${source}' for tag ${key}`,
        { cause: error },
      );
    }
  }
  const httpText = str('http') ?? DEFAULT_HTTP;
  const http = httpText.trim() === 'off' ? undefined : normalizeAddress(httpText, 'http');
  const readFileOf = (flag: string, path: string): string => {
    try {
      return sources.readFile(path);
    } catch (error) {
      throw new NodeError('ERR_CONFIG_FILE', `--${flag}: cannot read ${path}`, { cause: error });
    }
  };
  const certPath = str('http-tls-cert');
  const keyPath = str('http-tls-key');
  if ((certPath === undefined) !== (keyPath === undefined))
    throw new NodeError('ERR_USAGE', '--http-tls-cert and --http-tls-key go together');
  const allowPick = pick('http-allow-host');
  const maxKeysPick = pick('kv-max-keys');
  const maxBytesPick = pick('kv-max-bytes');
  const httpSecurity: HttpSecurity = Object.freeze({
    token: readToken(str('http-token'), str('http-token-file'), sources.readFile),
    allowHosts: Object.freeze(allowPick === undefined ? [] : items(allowPick)),
    insecure: pick('http-insecure')?.value === true,
    tls:
      certPath === undefined || keyPath === undefined
        ? undefined
        : Object.freeze({
            cert: readFileOf('http-tls-cert', certPath),
            key: readFileOf('http-tls-key', keyPath),
          }),
    kvMaxKeys:
      maxKeysPick === undefined
        ? DEFAULT_KV_MAX_KEYS
        : integer(maxKeysPick, 'kv-max-keys', 1, 10_000_000),
    kvMaxBytes:
      maxBytesPick === undefined
        ? DEFAULT_KV_MAX_BYTES
        : integer(maxBytesPick, 'kv-max-bytes', 1024, Number.MAX_SAFE_INTEGER),
  });
  checkExposure(http, httpSecurity);
  const httpAdvertiseText = str('http-advertise');
  const httpAdvertise =
    httpAdvertiseText === undefined
      ? undefined
      : normalizeAddress(httpAdvertiseText, 'http-advertise');
  const hopPick = pick('hop-limit');
  const hopLimit = hopPick === undefined ? DEFAULT_HOP_LIMIT : integer(hopPick, 'hop-limit', 0, 16);
  const leavePick = pick('leave-timeout-ms');
  const leaveTimeoutMs =
    leavePick === undefined
      ? DEFAULT_LEAVE_TIMEOUT_MS
      : integer(leavePick, 'leave-timeout-ms', 0, 600_000);
  const logPick = pick('log-level');
  const logLevel =
    logPick === undefined
      ? 'info'
      : oneOf<LogLevel>(logPick, 'log-level', ['debug', 'info', 'warn', 'error', 'silent']);
  const jsonPick = pick('json');
  const json = jsonPick?.value === true;
  const membersPick = pick('members');
  const members = membersPick === undefined ? 1 : integer(membersPick, 'members', 1, 1_000);
  const impairPick = pick('impair');
  const impair =
    impairPick === undefined
      ? undefined
      : parseImpairSpec(String(impairPick.value), impairPick.where);
  const serf = pick('serf')?.value === true;

  const config: NodeConfig = Object.freeze({
    name,
    bind,
    advertise,
    join: Object.freeze(join),
    preset,
    transport,
    label,
    keys: Object.freeze(keys),
    tags: Object.freeze(tags),
    partitions,
    redundancy,
    watchTags: Object.freeze(watchTags),
    http,
    httpAdvertise,
    httpSecurity,
    hopLimit,
    leaveTimeoutMs,
    logLevel,
    json,
    members,
    impair,
    serf,
  });
  return Object.freeze({ help: false, config });
}
