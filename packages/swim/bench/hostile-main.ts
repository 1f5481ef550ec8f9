// Entry point of the hostile-input benchmark: pnpm --filter @ring/swim bench:hostile
import { runHostileBench } from './hostile.js';

// The transports unref their sockets: keep the process alive while the benchmark awaits them.
const keepAlive = setInterval(() => undefined, 1_000);
runHostileBench().then(
  () => clearInterval(keepAlive),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
