/**
 * Splits a byte stream into complete lines: `push(chunk)` calls `onLine` for every line ended by
 * `\n` (a trailing `\r` is dropped), `end()` flushes an unterminated last line. Pure.
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  readonly #decoder = new TextDecoder();
  #rest = '';

  /** @param onLine - called with each line, without its newline. */
  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  /** Feed a chunk (a multi-byte character may be split across chunks). */
  push(chunk: Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    const parts = (this.#rest + text).split('\n');
    this.#rest = parts.pop()!;
    for (const p of parts) this.#onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  /** The stream ended: deliver what is left, if anything. */
  end(): void {
    const last = this.#rest + this.#decoder.decode();
    this.#rest = '';
    if (last !== '') this.#onLine(last);
  }
}

/**
 * `node1 | text`: a line as the cluster launcher prints it, the names padded to one width so the
 * columns line up (like the seeds' timelines).
 *
 * @param name - the node's name.
 * @param width - the longest name's length.
 * @param line - what the node printed.
 */
export function prefixLine(name: string, width: number, line: string): string {
  return `${name.padEnd(width)} | ${line}`;
}
