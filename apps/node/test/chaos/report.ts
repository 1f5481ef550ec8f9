/**
 * The chaos suite's summary: one row per scenario (what was asserted, what was measured), printed
 * as it goes and written into docs/RELIABILITY.md between the `chaos-results` markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { fileURLToPath } from 'node:url';

/** One scenario's outcome. */
export interface ScenarioRow {
  readonly scenario: string;
  readonly asserted: string;
  readonly measured: string;
  passed: boolean;
}

const DOC = fileURLToPath(new URL('../../../../docs/RELIABILITY.md', import.meta.url));
const BEGIN = '<!-- chaos-results:begin (written by pnpm test:chaos) -->';
const END = '<!-- chaos-results:end -->';

/** Collects rows and renders the Markdown table. */
export class ChaosReport {
  readonly rows: ScenarioRow[] = [];
  readonly #started = Date.now();

  /** Add a row (marked failed until {@link ChaosReport.pass} is called for it). */
  add(scenario: string, asserted: string, measured: string): ScenarioRow {
    const row: ScenarioRow = { scenario, asserted, measured, passed: false };
    this.rows.push(row);
    console.log(`chaos: ${scenario}: ${measured}`);
    return row;
  }

  /** The Markdown block that goes between the markers. */
  markdown(): string {
    const esc = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
    const lines = [
      BEGIN,
      '',
      `Run of ${new Date(this.#started).toISOString().slice(0, 16)} UTC, ${Math.round((Date.now() - this.#started) / 1000)} s wall time, Linux ${release()}, ${cpus().length} cores, Node ${process.version}.`,
      '',
      '| scenario | asserted | measured | result |',
      '| --- | --- | --- | --- |',
      ...this.rows.map(
        (r) =>
          `| ${esc(r.scenario)} | ${esc(r.asserted)} | ${esc(r.measured)} | ${r.passed ? 'pass' : '**FAIL**'} |`,
      ),
      '',
      END,
    ];
    return lines.join('\n');
  }

  /** Replace the block in docs/RELIABILITY.md (or append it when the markers are missing). */
  write(): void {
    let doc: string;
    try {
      doc = readFileSync(DOC, 'utf8');
    } catch {
      doc = '# Reliability\n\n';
    }
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    const block = this.markdown();
    const next =
      start >= 0 && end > start
        ? doc.slice(0, start) + block + doc.slice(end + END.length)
        : `${doc.trimEnd()}\n\n${block}\n`;
    writeFileSync(DOC, next);
    console.log(`chaos: summary written to docs/RELIABILITY.md\n${block}`);
  }
}

/** Seconds with one decimal, e.g. `12.3 s`. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
