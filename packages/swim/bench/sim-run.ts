// Child process of `pnpm --filter @ring/swim sim` (see sim-cli.ts): runs one simulation and
// prints its summary as one JSON line on stdout; progress goes to stderr.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { runScaleSim } from '../test/sim/scale.js';

// SIM_CPU_PROFILE=file.cpuprofile: profile the steady state only (after the bootstrap).
const profilePath = process.env.SIM_CPU_PROFILE;
const session = profilePath === undefined ? undefined : new Session();

const o = JSON.parse(process.argv[2] ?? '{}') as {
  members: number;
  seconds: number;
  loss: number;
  seed: number;
  crashes?: number;
  crashRounds?: number;
  joinBatch?: number;
  lifeguard: boolean;
  quiet: boolean;
};
const summary = await runScaleSim({
  members: o.members,
  seconds: o.seconds,
  loss: o.loss,
  seed: o.seed,
  ...(o.crashes === undefined ? {} : { crashes: o.crashes }),
  ...(o.crashRounds === undefined ? {} : { crashRounds: o.crashRounds }),
  ...(o.joinBatch === undefined ? {} : { joinBatch: o.joinBatch }),
  ...(o.lifeguard ? {} : { options: { lifeguard: false } }),
  ...(o.quiet ? {} : { log: (line: string) => console.error(`[sim] ${line}`) }),
  afterBootstrap: async () => {
    // SIM_HEAP_SNAPSHOT=dir: write a heap snapshot of the bootstrapped cluster there.
    if (process.env.SIM_HEAP_SNAPSHOT !== undefined)
      console.error(`[sim] heap snapshot ${writeHeapSnapshot(process.env.SIM_HEAP_SNAPSHOT)}`);
    if (session === undefined) return;
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  },
});
if (session !== undefined && profilePath !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profilePath, JSON.stringify(profile));
}
console.log(JSON.stringify(summary));
