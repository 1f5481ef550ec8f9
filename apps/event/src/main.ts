/**
 * `pnpm --filter @ring/app-event start [-- --seed N]`: seed 000's timeline with Ring.
 */
import { runEventDemo } from './event-demo.js';

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg >= 0 ? Number(process.argv[seedArg + 1]) : 1;
if (!Number.isSafeInteger(seed)) {
  process.stderr.write('usage: app-event [--seed N]\n');
  process.exit(2);
}
await runEventDemo({ seed, write: (line) => process.stdout.write(`${line}\n`) });
