import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answer with `body` as one line of JSON.
 *
 * @param res - the response.
 * @param status - HTTP status.
 * @param body - any JSON-serializable value.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Answer with the admin API's error body, `{"error":{"code","message"}}`.
 *
 * @param res - the response.
 * @param status - HTTP status.
 * @param code - the typed error code (e.g. `ERR_NOT_FOUND`).
 * @param message - one line for a person.
 */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(res, status, { error: { code, message } });
}

/**
 * Read a request body of at most `limit` bytes.
 *
 * @returns the body, or `undefined` when it is larger than `limit`.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
