import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz-harness.js';

// The benchmark (pnpm --filter @ring/swim bench) runs 1,000,000 inputs; CI runs a reduced count.
const COUNT = 12_000;

describe('fuzzing every decoder with random and mutated fixture inputs', () => {
  it.each([1, 2])('seed %i: only WireErrors, bounded buffers', (seed) => {
    const before = process.memoryUsage().arrayBuffers;
    const report = runFuzz(seed, COUNT);
    expect(report.inputs).toBe(COUNT);
    expect(report.failures).toEqual([]);
    expect(report.accepted + report.typedErrors).toBe(report.decodeCalls);
    // Both outcomes occur: the mutations are neither all rejected nor all harmless.
    expect(report.accepted).toBeGreaterThan(COUNT / 100);
    expect(report.typedErrors).toBeGreaterThan(COUNT / 10);
    // Stream buffering never exceeds the 1 MiB limit given to the parser (+ frame header).
    expect(report.maxBuffered).toBeLessThanOrEqual((1 << 20) + 5);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });
});
