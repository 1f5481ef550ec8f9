// Runs the simulator benchmarks in this process and prints the table (see sim.ts).
// Run directly: node --max-semi-space-size=64 --import tsx/esm --conditions=@ring/source bench/sim-main.ts
import { printSimRows, runSimBench } from './sim.js';

printSimRows(await runSimBench());
