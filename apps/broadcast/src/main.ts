/**
 * `pnpm --filter @ring/app-broadcast start [-- --seed N]`: seed 001's timeline with Ring.
 */
import { runBroadcastDemo } from './broadcast-demo.js';

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg >= 0 ? Number(process.argv[seedArg + 1]) : 1;
if (!Number.isSafeInteger(seed)) {
  process.stderr.write('usage: app-broadcast [--seed N]\n');
  process.exit(2);
}
await runBroadcastDemo({ seed, write: (line) => process.stdout.write(`${line}\n`) });
