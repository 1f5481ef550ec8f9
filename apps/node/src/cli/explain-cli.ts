import { DEFAULT_HTTP } from '../constants.js';
import { formatKeyExplanation, formatMemberExplanation } from '../explain/format-explain.js';
import type { KeyExplainView, MemberExplainView } from '../http/explain-api.js';

/** The outside world of {@link runExplainCli}. */
export interface ExplainCliIo {
  /** Arguments after `explain`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
}

/** `ring-node explain --help`. */
export const EXPLAIN_HELP = `Usage: ring-node explain member NAME [options]
       ring-node explain key KEY [options]

Ask a running ring-node why a member is in its state (its recent history as that node saw it)
or why a key belongs to its owners (hash, ring point, partition, replicas, excluded members).

Options:
  --http HOST:PORT     the node's admin API (default: ${DEFAULT_HTTP}) [RING_HTTP];
                       https://HOST:PORT for an API served with --http-tls-cert
  --http-token TOKEN   sent as Authorization: Bearer (reads need none) [RING_HTTP_TOKEN]
  --json               print the API's JSON instead of text
  --help               this text

Exit codes: 0 on success, 1 when the node cannot be reached or answers an error
(e.g. ERR_UNKNOWN_MEMBER), 2 on bad arguments.
`;

class UsageError extends Error {}

interface Parsed {
  readonly what: 'member' | 'key';
  readonly arg: string;
  readonly base: string;
  readonly token: string | undefined;
  readonly json: boolean;
}

function parse(argv: readonly string[], env: ExplainCliIo['env']): Parsed | 'help' {
  const positional: string[] = [];
  let http = env.RING_HTTP;
  let token = env.RING_HTTP_TOKEN;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a === '--json') json = true;
    else if (a === '--http') http = value();
    else if (a.startsWith('--http=')) http = a.slice('--http='.length);
    else if (a === '--http-token') token = value();
    else if (a.startsWith('--http-token=')) token = a.slice('--http-token='.length);
    else if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [what, arg, ...rest] = positional;
  if (what !== 'member' && what !== 'key')
    throw new UsageError(`expected 'explain member NAME' or 'explain key KEY'`);
  if (arg === undefined || arg === '')
    throw new UsageError(`explain ${what} needs a ${what === 'member' ? 'member name' : 'key'}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]!}`);
  const address = http === undefined || http === '' ? DEFAULT_HTTP : http;
  if (address === 'off') throw new UsageError('--http off: no admin API to ask');
  const base = /^https?:\/\//.test(address) ? address.replace(/\/+$/, '') : `http://${address}`;
  try {
    new URL(base);
  } catch {
    throw new UsageError(`--http ${address} is not HOST:PORT`);
  }
  return { what, arg, base, token: token === '' ? undefined : token, json };
}

/**
 * `ring-node explain member NAME` / `ring-node explain key KEY`: ask a running node's admin API
 * (`GET /v1/explain/member/:name`, `GET /v1/explain/key/:key`) and print the answer as text, or
 * as the API's JSON with `--json`.
 *
 * @param io - arguments (after `explain`), environment, sinks.
 * @returns the exit code: 0, 1 (unreachable node or an API error), 2 (bad arguments).
 */
export async function runExplainCli(io: ExplainCliIo): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parse(io.argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`ring-node explain: ${error.message}\nRun 'ring-node explain --help' for usage.\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  const { what, arg, base, token, json } = parsed;
  const url = `${base}/v1/explain/${what}/${encodeURIComponent(arg)}`;
  const doFetch = io.fetch ?? fetch;
  let status: number;
  let text: string;
  try {
    const res = await doFetch(url, {
      headers: {
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    io.stderr(
      `ring-node explain: cannot reach ${base}: ${cause?.code ?? cause?.message ?? String(error)}\n`,
    );
    return 1;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    io.stderr(`ring-node explain: ${base} answered ${status} with a body that is not JSON\n`);
    return 1;
  }
  if (status !== 200) {
    const e = (body as { error?: { code?: string; message?: string } }).error;
    io.stderr(`ring-node explain: ${e?.code ?? `HTTP ${status}`}: ${e?.message ?? text.trim()}\n`);
    return 1;
  }
  if (json) io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  else
    io.stdout(
      what === 'member'
        ? formatMemberExplanation(body as MemberExplainView)
        : formatKeyExplanation(body as KeyExplainView),
    );
  return 0;
}
