import { isRingError } from '@ring/transport';
import { DemoError } from './demo-error.js';
import { helpText, parseFlags, usageLine } from './flags.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';

/**
 * Environment variable the cluster launcher sets on the nodes it starts: such a node also stops
 * (gracefully) when its stdin closes, i.e. when the launcher is gone, so nothing is left running
 * even if the launcher itself was killed.
 */
export const LAUNCHED_ENV = 'RING_DEMO_LAUNCHED';

/** What a demo program's `run` gets besides its flags. */
export interface ProgramContext {
  /** Print one line on stdout. */
  readonly out: (line: string) => void;
  /** Print one line on stderr. */
  readonly err: (line: string) => void;
  /**
   * Settles with the reason once the program should stop: `SIGINT`, `SIGTERM`, or
   * `launcher gone` (see {@link LAUNCHED_ENV}). A second signal exits at once with code 130.
   */
  readonly stopRequested: Promise<string>;
}

/** A demo program: its name, summary, flags and body. */
export interface DemoProgram<S extends FlagSpecs> {
  /** Name in messages and the usage line, e.g. `app-event`. */
  readonly name: string;
  /** First paragraph of `--help`. */
  readonly summary: string;
  /** Its flags. */
  readonly flags: S;
  /**
   * The program. Resolves when it is done (normally after {@link ProgramContext.stopRequested}).
   * Throws a {@link DemoError} to exit with one line: `ERR_USAGE` → 2, others → 1.
   */
  run(flags: ParsedFlags<S>, context: ProgramContext): Promise<void>;
}

/**
 * The process shell of every demo: parse the flags (a bad flag or value: one line, the usage
 * line, exit 2), print `--help`, run the program, turn a {@link DemoError} into one line on stderr
 * and exit 1, and wire SIGINT/SIGTERM to a graceful stop. Exits the process when done.
 *
 * @param program - the program.
 * @param argv - its arguments. @default `process.argv.slice(2)`
 */
export async function runProgram<S extends FlagSpecs>(
  program: DemoProgram<S>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  let flags: ParsedFlags<S>;
  try {
    flags = parseFlags(argv, program.flags);
  } catch (error) {
    if (!isRingError(error, 'ERR_USAGE')) throw error;
    err(`${program.name}: ${error.message}`);
    err(usageLine(program.name, program.flags));
    process.exit(2);
  }
  if (flags.help) {
    out(helpText(program.name, program.summary, program.flags));
    process.exit(0);
  }
  const stopRequested = new Promise<string>((resolve) => {
    let signals = 0;
    const onSignal = (signal: string): void => {
      if (++signals > 1) process.exit(130);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (process.env[LAUNCHED_ENV] === '1') {
      process.stdin.on('end', () => resolve('launcher gone'));
      process.stdin.on('error', () => resolve('launcher gone'));
      process.stdin.resume();
    }
  });
  try {
    await program.run(flags, { out, err, stopRequested });
  } catch (error) {
    if (error instanceof DemoError) {
      err(`${program.name}: ${error.message}`);
      if (error.code === 'ERR_USAGE') err(usageLine(program.name, program.flags));
      process.exit(error.code === 'ERR_USAGE' ? 2 : 1);
    }
    err(
      `${program.name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  }
  process.exit(0);
}
