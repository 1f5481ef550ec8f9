/**
 * Prints a timeline in columns, one column per node, like the seed documents' tables: each line
 * carries the virtual time and the text in its node's column.
 */
export class Timeline {
  readonly #columns: readonly string[];
  readonly #width: number;
  readonly #write: (line: string) => void;

  /**
   * @param columns - node names, left to right.
   * @param write - line sink (without newline handling: each call gets one complete line).
   * @param width - column width in characters. @default 44
   */
  constructor(columns: readonly string[], write: (line: string) => void, width = 44) {
    this.#columns = columns;
    this.#write = write;
    this.#width = width;
  }

  /** Print the header row (`node1 says | node2 says | ...`) and a separator. */
  header(): void {
    this.#write(
      `${'time'.padEnd(8)} | ${this.#columns.map((c) => `${c} says`.padEnd(this.#width)).join(' | ')}`.trimEnd(),
    );
    this.separator();
  }

  /** Print a separator row. */
  separator(): void {
    this.#write(
      `${'-'.repeat(8)}-+-${this.#columns.map(() => '-'.repeat(this.#width)).join('-+-')}`,
    );
  }

  /**
   * Print `text` in `column`'s cell.
   *
   * @param column - a node name given to the constructor.
   * @param text - what the node says.
   * @param tMs - time of the line (ms since the demo started).
   * @throws TypeError for an unknown column.
   */
  say(column: string, text: string, tMs: number): void {
    const index = this.#columns.indexOf(column);
    if (index < 0) throw new TypeError(`unknown timeline column ${column}`);
    // Cells right of the speaker are left out, so a line never ends in empty columns.
    const cells = this.#columns
      .slice(0, index + 1)
      .map((_, i) => (i === index ? text : '').padEnd(this.#width));
    this.#write(`${`${(tMs / 1000).toFixed(3)}s`.padStart(8)} | ${cells.join(' | ')}`.trimEnd());
  }
}
