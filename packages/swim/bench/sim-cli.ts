/**
 * `pnpm --filter @ring/swim sim -- --members N --seconds S [--loss P] [--seed X] [--crashes C]
 * [--crash-rounds K] [--join-batch B] [--no-lifeguard] [--heap-mb M] [--json]`
 *
 * Runs N full swim members on MemoryNetwork + VirtualClock (test/sim/scale.ts) in a child Node
 * process with a heap sized for N (override with --heap-mb) and a 64 MiB young generation, and
 * prints one JSON summary line (with --json; otherwise a readable table as well).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function parse(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (['json', 'no-lifeguard', 'quiet'].includes(key)) out.set(key, 'true');
    else {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${key} needs a value`);
      out.set(key, value);
    }
  }
  return out;
}

function num(args: Map<string, string>, key: string, fallback: number): number {
  const v = args.get(key);
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0) throw new Error(`--${key} must be a non-negative number`);
  return x;
}

const args = parse(process.argv.slice(2));
const members = num(args, 'members', 100);
const seconds = num(args, 'seconds', 60);
const config = {
  members,
  seconds,
  loss: num(args, 'loss', 0),
  seed: num(args, 'seed', 1),
  ...(args.has('crashes') ? { crashes: num(args, 'crashes', 0) } : {}),
  ...(args.has('crash-rounds') ? { crashRounds: num(args, 'crash-rounds', 1) } : {}),
  ...(args.has('join-batch') ? { joinBatch: num(args, 'join-batch', 1) } : {}),
  lifeguard: !args.has('no-lifeguard'),
  quiet: args.has('quiet'),
};
if (!Number.isInteger(members) || members < 3) throw new Error('--members must be an integer ≥ 3');
if (config.joinBatch !== undefined && (!Number.isInteger(config.joinBatch) || config.joinBatch < 1))
  throw new Error('--join-batch must be an integer ≥ 1');
// The live heap is about 115 bytes per member pair (docs/BENCHMARKS.md); the limit allows 150
// plus 1 GiB, at least 2 GiB. A limit close to the live size makes V8 collect over and over (at
// N = 1,000, 285 MiB live under a 450 MiB limit made the bootstrap 1.8x slower); a much larger one lets
// the heap, and so the RSS, grow far past what is live.
const heapMb = num(
  args,
  'heap-mb',
  Math.max(2048, Math.ceil((members * members * 150) / 2 ** 20) + 1024),
);
const entry = fileURLToPath(new URL('./sim-run.ts', import.meta.url));
const child = spawnSync(
  process.execPath,
  [
    ...process.execArgv,
    `--max-old-space-size=${heapMb}`,
    '--max-semi-space-size=64',
    '--expose-gc',
    ...(process.env.SIM_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    entry,
    JSON.stringify(config),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
);
const line = child.stdout.toString().trim();
if (child.status !== 0 || line === '') {
  console.error(`simulation failed (exit ${String(child.status)}, signal ${String(child.signal)})`);
  process.exit(1);
}
console.log(line);
if (!args.has('json')) {
  const s = JSON.parse(line) as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) console.error(`${k.padEnd(36)} ${JSON.stringify(v)}`);
}
