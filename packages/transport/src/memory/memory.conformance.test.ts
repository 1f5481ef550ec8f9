import { runTransportConformance } from '../testing/conformance.js';
import { VirtualClock } from '@ring/base';
import { MemoryNetwork } from './memory-network.js';

runTransportConformance('MemoryNetwork (system clock, latency 0)', () => {
  const net = new MemoryNetwork({ seed: 1 });
  net.isolate('10.255.0.1:7946');
  return {
    create: () => net.createTransport(),
    closedAddress: () => '10.254.0.1:7946',
    hangingAddress: () => '10.255.0.1:7946',
  };
});

runTransportConformance('MemoryNetwork (system clock, 1 ms latency + 2 ms jitter, seed 4)', () => {
  const net = new MemoryNetwork({ seed: 4, defaultLink: { latencyMs: 1, jitterMs: 2 } });
  net.isolate('10.255.0.1:7946');
  return {
    create: () => net.createTransport(),
    closedAddress: () => '10.254.0.1:7946',
    hangingAddress: () => '10.255.0.1:7946',
  };
});

runTransportConformance(
  'MemoryNetwork (VirtualClock driven 1 ms per macrotask, 2 ms latency, seed 9)',
  () => {
    const clock = new VirtualClock(1_000_000);
    const net = new MemoryNetwork({ clock, seed: 9, defaultLink: { latencyMs: 2 } });
    net.isolate('10.255.0.1:7946');
    // The suite awaits real promises; this driver moves virtual time 1 ms per macrotask turn so
    // that deliveries and timeouts happen without any wall-clock sleep.
    let running = true;
    const drive = (): void => {
      if (!running) return;
      clock.advance(1);
      setImmediate(drive);
    };
    setImmediate(drive);
    return {
      create: () => net.createTransport(),
      closedAddress: () => '10.254.0.1:7946',
      hangingAddress: () => '10.255.0.1:7946',
      teardown: () => {
        running = false;
      },
    };
  },
);
