import { runTransportConformance } from '../testing/conformance.js';
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
