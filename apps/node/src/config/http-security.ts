import { NodeError } from '../errors.js';
import { parseHostPort } from './host-port.js';

/** How the admin API protects itself; part of the node's config. */
export interface HttpSecurity {
  /** Bearer token for state-changing routes; `undefined` = none. Never logged nor echoed. */
  readonly token: string | undefined;
  /** More `Host` values the API accepts (`--http-allow-host`). @default [] */
  readonly allowHosts: readonly string[];
  /** Serve off loopback without a token (`--http-insecure`). @default false */
  readonly insecure: boolean;
  /** PEM certificate and key for HTTPS (`--http-tls-cert`, `--http-tls-key`); `undefined` = HTTP. */
  readonly tls: { readonly cert: string; readonly key: string } | undefined;
  /** Key-value store bound: most keys (`--kv-max-keys`). @default 10000 */
  readonly kvMaxKeys: number;
  /** Key-value store bound: most bytes, keys plus values (`--kv-max-bytes`). @default 64 MiB */
  readonly kvMaxBytes: number;
}

/** Whether `host` (no brackets) is a loopback address or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Read the token given as `--http-token` or `--http-token-file` (one of them; the file's first line).
 *
 * @throws NodeError `ERR_USAGE` when both are given or the token is empty; `ERR_CONFIG_FILE` when
 *   the file cannot be read. Messages name the option, never the token.
 */
export function readToken(
  inline: string | undefined,
  file: string | undefined,
  readFile: (path: string) => string,
): string | undefined {
  if (inline !== undefined && file !== undefined)
    throw new NodeError('ERR_USAGE', '--http-token and --http-token-file: give one, not both');
  let token = inline;
  if (file !== undefined) {
    try {
      token = readFile(file).split(/\r?\n/, 1)[0] ?? '';
    } catch (error) {
      throw new NodeError('ERR_CONFIG_FILE', `--http-token-file: cannot read ${file}`, {
        cause: error,
      });
    }
  }
  if (token === undefined) return undefined;
  token = token.trim();
  if (token.length < 16 || /\s/.test(token))
    throw new NodeError(
      'ERR_USAGE',
      '--http-token: the token must be at least 16 characters without spaces (e.g. `openssl rand -hex 32`)',
    );
  return token;
}

/**
 * Refuse an admin API bound off loopback with no token, unless `--http-insecure` says so: anyone
 * who reaches the port could otherwise make the node leave.
 *
 * @throws NodeError `ERR_USAGE` naming the fix.
 */
export function checkExposure(http: string | undefined, security: HttpSecurity): void {
  if (http === undefined || security.token !== undefined || security.insecure) return;
  const { host } = parseHostPort(http, '--http');
  if (isLoopbackHost(host)) return;
  throw new NodeError(
    'ERR_USAGE',
    `--http ${http}: an admin API off loopback needs --http-token (or RING_HTTP_TOKEN, --http-token-file); --http-insecure serves it without one`,
  );
}
