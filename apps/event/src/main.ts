/**
 * `pnpm --filter @ring/app-event start -- --name node1 --bind 127.0.0.1:7947 [--join ...]`:
 * seed 000, one member per process (`--help` for every flag; `--simulate` for the one-process
 * replay).
 */
import { runProgram } from '@ring/demo-kit';
import { eventProgram } from './program.js';

await runProgram(eventProgram);
