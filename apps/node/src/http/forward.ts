import { request } from 'node:http';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeError } from '../errors.js';
import { HOPS_HEADER } from '../constants.js';

/**
 * The system's root certificates, loaded on first use: importing `node:tls` as an ES module
 * builds the whole root store at start-up (its namespace reads every export), which a node
 * without TLS never needs. `node:https` is loaded the same way, on the first HTTPS forward.
 */
function systemRoots(): readonly string[] {
  const tls = createRequire(import.meta.url)('node:tls') as typeof import('node:tls');
  return tls.rootCertificates;
}

/**
 * Read the hop count of an incoming request (0 when absent).
 *
 * @param req - the request.
 * @throws NodeError `ERR_FORWARD` when the header is not a small non-negative integer.
 */
export function hopsOf(req: IncomingMessage): number {
  const raw = req.headers[HOPS_HEADER];
  if (raw === undefined) return 0;
  const text = Array.isArray(raw) ? (raw[0] ?? '') : raw;
  if (!/^\d{1,3}$/.test(text))
    throw new NodeError('ERR_FORWARD', `bad ${HOPS_HEADER} header '${text}'`);
  return Number(text);
}

/** Options of {@link forwardRequest}. */
export interface ForwardOptions {
  /** The owner's HTTP admin address, `host:port`. */
  readonly target: string;
  /** The hop count to send (the incoming count + 1). */
  readonly hops: number;
  /** This node's name, added as `x-ring-forwarded-by`. */
  readonly via: string;
  /** Give up after this long (ms). */
  readonly timeoutMs: number;
  /**
   * Forward over HTTPS, trusting this PEM certificate (the members' shared certificate or their CA)
   * besides the system's roots. Absent: plain HTTP.
   */
  readonly tlsCa?: string | Buffer;
}

/**
 * Proxy `req` to the same path on another member and stream its response back, adding the hop
 * header (like libring's HTTP proxy example). Resolves once the response is piped.
 *
 * @param req - the incoming request (its body is streamed through).
 * @param res - our response.
 * @param options - where to, and the hop count.
 * @throws NodeError `ERR_FORWARD` when the target cannot be reached (nothing was written to `res`).
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions,
): Promise<void> {
  const colon = options.target.lastIndexOf(':');
  const host = options.target.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(options.target.slice(colon + 1));
  const headers = {
    ...req.headers,
    [HOPS_HEADER]: String(options.hops),
    'x-ring-forwarded-by': options.via,
  };
  delete headers.host;
  delete headers.connection;
  // This node already checked the client's origin; the owner checks its own Host, not our client's.
  delete headers.origin;
  return new Promise((resolve, reject) => {
    const target = { host, port, method: req.method, path: req.url, headers };
    const out = (
      options.tlsCa === undefined
        ? request({ ...target, timeout: options.timeoutMs })
        : (createRequire(import.meta.url)('node:https') as typeof import('node:https')).request({
            ...target,
            timeout: options.timeoutMs,
            ca: [...systemRoots(), options.tlsCa.toString()],
          })
    ).once('response', (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
      upstream.on('end', () => resolve());
      upstream.on('error', () => resolve());
    });
    out.on('timeout', () => out.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    out.on('error', (cause) =>
      reject(
        new NodeError('ERR_FORWARD', `cannot forward to ${options.target}: ${cause.message}`, {
          cause,
        }),
      ),
    );
    req.pipe(out);
  });
}
