// Minimal typings for the peer libraries used as dev dependencies by the compatibility tests and
// the benchmark. They ship no types of their own.

declare module 'hashring' {
  type Servers = string | string[] | Record<string, number | { weight?: number; vnodes?: number }>;
  interface HashRingOptions {
    'vnode count'?: number;
    compatibility?: 'hash_ring' | 'ketama';
    replicas?: number;
    'max cache size'?: number;
  }
  class HashRing {
    constructor(servers?: Servers, algorithm?: string, options?: HashRingOptions);
    get(key: string): string | undefined;
    range(key: string, size?: number, unique?: boolean): string[];
    add(servers: Servers): this;
    remove(server: string): this;
    ring: { value: number; server: string }[];
  }
  export default HashRing;
}

declare module 'consistent-hash' {
  interface ConsistentHashOptions {
    range?: number;
    weight?: number;
    distribution?: 'random' | 'uniform';
  }
  class ConsistentHash {
    constructor(options?: ConsistentHashOptions);
    add(node: string, weight?: number): this;
    remove(node: string): this;
    get(key: string): string | undefined;
  }
  export default ConsistentHash;
}
