/**
 * `pnpm --filter @ring/app-broadcast start -- --name node2 --bind 127.0.0.1:7948 --join
 * 127.0.0.1:7947 --send-every 1s`: seed 001, one member per process (`--help` for every flag;
 * `--simulate` for the one-process replay).
 */
import { runProgram } from '@ring/demo-kit';
import { broadcastProgram } from './program.js';

await runProgram(broadcastProgram);
