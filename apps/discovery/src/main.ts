/**
 * `pnpm --filter @ring/app-discovery start -- --name node1 --bind 127.0.0.1:7947 --http
 * 127.0.0.1:8001 [--join ...]`: seed 004, one service instance per process (`--help` for every
 * flag; `--simulate` for the one-process run).
 */
import { runProgram } from '@ring/demo-kit';
import { discoveryProgram } from './program.js';

await runProgram(discoveryProgram);
