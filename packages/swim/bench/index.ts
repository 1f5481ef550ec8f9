// Benchmarks of @ring/swim: pnpm --filter @ring/swim bench
import { runWireBench } from './wire.js';
import { runSimBenchInChild } from './sim.js';

const fuzzInputs =
  process.env.WIRE_FUZZ_INPUTS === undefined ? undefined : Number(process.env.WIRE_FUZZ_INPUTS);
runWireBench(fuzzInputs === undefined ? {} : { fuzzInputs });

// Simulator benchmarks (swim engineer): SWIM_BENCH_10K=1 adds N = 10,000; SWIM_BENCH_SKIP_SIM=1 skips.
if (process.env.SWIM_BENCH_SKIP_SIM !== '1' && runSimBenchInChild() !== 0) process.exitCode = 1;

// Hostile-input floods on real sockets (issue 19, ~1 min): SWIM_BENCH_SKIP_HOSTILE=1 skips.
if (process.env.SWIM_BENCH_SKIP_HOSTILE !== '1') {
  const { runHostileBench } = await import('./hostile.js');
  const keepAlive = setInterval(() => undefined, 1_000); // the transports unref their sockets
  await runHostileBench().finally(() => clearInterval(keepAlive));
}
