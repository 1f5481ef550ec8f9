import { describe, expect, it } from 'vitest';
import { runScaleSim } from './scale.js';

describe('scale simulator (the `sim` command)', () => {
  it('seed 5, N = 40, 80 s: bootstraps, disseminates an update to all, detects every crash, no false deaths', async () => {
    const s = await runScaleSim({ members: 40, seconds: 80, seed: 5, crashes: 3 });
    expect(s.members).toBe(40);
    expect(s.simulatedSeconds).toBe(80);
    expect(s.disseminationRounds100).not.toBeNull();
    expect(s.disseminationRounds9999).not.toBeNull();
    expect(s.crashed).toBe(3);
    expect(s.crashToFirstSuspicion.samples).toBe(3);
    // "all dead" means every one of the 37 survivors declared the victim dead.
    expect(s.crashToAllDead.samples).toBe(3);
    expect(s.crashToAllDead.mean!).toBeGreaterThan(s.crashToFirstSuspicion.mean!);
    expect(s.falseDeaths).toBe(0);
  });
  it('seed 6, N = 30 with 20 % loss and Lifeguard: still reaches every member and detects the crash', async () => {
    const s = await runScaleSim({ members: 30, seconds: 90, seed: 6, loss: 0.2, crashes: 2 });
    expect(s.disseminationRounds100).not.toBeNull();
    expect(s.crashToAllDead.samples).toBe(2);
  });
});
