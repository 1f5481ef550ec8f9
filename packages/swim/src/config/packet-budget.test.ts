import { describe, expect, it } from 'vitest';
import { MemoryNetwork, impair } from '@ring/transport';
import { VirtualClock } from '@ring/base';
import { createSwimNode } from '../shell/node.js';
import { resolveOptions } from './options.js';
import { fitPacketBudget } from './packet-budget.js';

describe('fitPacketBudget', () => {
  it('lowers packetBudgetBytes to a smaller transport limit and keeps everything else', () => {
    const o = resolveOptions('lan');
    expect(o.packetBudgetBytes).toBe(1400);
    const fitted = fitPacketBudget(o, 1252);
    expect(fitted).toEqual({ ...o, packetBudgetBytes: 1252 });
    expect(Object.isFrozen(fitted)).toBe(true);
  });

  it('leaves the budget alone when the transport allows more', () => {
    const o = resolveOptions('lan', { packetBudgetBytes: 1000 });
    expect(fitPacketBudget(o, 1400)).toBe(o);
    expect(fitPacketBudget(o, 65_507)).toBe(o);
  });

  it('a node on an impaired transport capped to 1252 bytes runs with that budget', () => {
    const net = new MemoryNetwork({ clock: new VirtualClock(0), seed: 1 });
    const node = createSwimNode({
      name: 'a',
      transport: impair(net.createTransport(), { maxPacketSize: 1252 }),
    });
    expect(node.options.packetBudgetBytes).toBe(1252);
    const plain = createSwimNode({ name: 'b', transport: net.createTransport() });
    expect(plain.options.packetBudgetBytes).toBe(1400);
  });
});
