/**
 * `ring-node` arguments for a member on loopback with free ports (gossip and HTTP admin API on
 * `127.0.0.1:0`), then `extra`: what the local cluster, the tests and the cluster bench start.
 *
 * @param name - the member name.
 * @param extra - further flags.
 */
export function loopbackArgs(name: string, ...extra: string[]): string[] {
  return ['--name', name, '--bind', '127.0.0.1:0', '--http', '127.0.0.1:0', ...extra];
}
