// Benchmarks of @ring/swim: pnpm --filter @ring/swim bench
import { runWireBench } from './wire.js';

const fuzzInputs =
  process.env.WIRE_FUZZ_INPUTS === undefined ? undefined : Number(process.env.WIRE_FUZZ_INPUTS);
runWireBench(fuzzInputs === undefined ? {} : { fuzzInputs });
