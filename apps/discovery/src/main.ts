/**
 * `pnpm --filter @ring/app-discovery start`: seed 004's use cases with Ring.
 */
import { runDiscoveryDemo } from './discovery-demo.js';

await runDiscoveryDemo({ write: (line) => process.stdout.write(`${line}\n`) });
