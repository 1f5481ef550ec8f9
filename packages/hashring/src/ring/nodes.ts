import { MAX_WEIGHT } from '../constants.js';
import { HashRingError } from '../errors.js';

/** A node on a ring: its name (what lookups return) and its integer weight. */
export interface RingNode {
  /** The node's name, e.g. `127.0.0.1:7947`. Non-empty. */
  readonly name: string;
  /** Positive integer weight; a node with weight 2 owns about twice the keys of weight 1. */
  readonly weight: number;
}

/** One node as accepted by the factories: a bare name (weight 1) or `{ name, weight? }`. */
export type NodeInput = string | { readonly name: string; readonly weight?: number };

/**
 * Nodes as accepted by the factories: an iterable of {@link NodeInput}, or a record
 * `{ name: weight }` (npm `hashring`'s object form).
 */
export type NodesInput = Iterable<NodeInput> | Readonly<Record<string, number>>;

/**
 * Throw `ERR_INVALID_NODE` unless `name` is a non-empty string.
 *
 * @param name - candidate node name.
 * @throws {@link HashRingError} `ERR_INVALID_NODE`
 */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new HashRingError(
      'ERR_INVALID_NODE',
      `node name must be a non-empty string, got ${JSON.stringify(name) ?? typeof name}`,
    );
  }
  return name;
}

/**
 * Throw `ERR_INVALID_WEIGHT` unless `weight` is an integer in 1..{@link MAX_WEIGHT}.
 *
 * @param weight - candidate weight.
 * @param name - node name, for the message.
 * @throws {@link HashRingError} `ERR_INVALID_WEIGHT`
 */
export function checkWeight(weight: unknown, name: string): number {
  if (
    typeof weight !== 'number' ||
    !Number.isInteger(weight) ||
    weight < 1 ||
    weight > MAX_WEIGHT
  ) {
    throw new HashRingError(
      'ERR_INVALID_WEIGHT',
      `weight of ${name} must be an integer in 1..${MAX_WEIGHT}, got ${String(weight)}`,
    );
  }
  return weight;
}

/**
 * Validate one node input and return it as a frozen {@link RingNode}.
 *
 * @param input - a name or `{ name, weight? }`.
 * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_INVALID_WEIGHT`
 */
export function normalizeNode(input: NodeInput): RingNode {
  if (typeof input === 'string') return Object.freeze({ name: checkName(input), weight: 1 });
  if (typeof input !== 'object' || input === null) {
    throw new HashRingError(
      'ERR_INVALID_NODE',
      `node must be a string or { name, weight }, got ${typeof input}`,
    );
  }
  const name = checkName(input.name);
  return Object.freeze({ name, weight: checkWeight(input.weight ?? 1, name) });
}

function isIterable(value: object): value is Iterable<NodeInput> {
  return Symbol.iterator in value;
}

/**
 * Validate a node collection: names non-empty and unique, weights positive integers.
 * Keeps the input order (callers that are order-independent sort afterwards).
 *
 * @param nodes - iterable of node inputs or a `{ name: weight }` record.
 * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`
 */
export function normalizeNodes(nodes: NodesInput): RingNode[] {
  if (typeof nodes !== 'object' || nodes === null) {
    throw new HashRingError(
      'ERR_INVALID_NODE',
      `nodes must be an iterable or a { name: weight } record, got ${typeof nodes}`,
    );
  }
  const list: RingNode[] = [];
  if (isIterable(nodes)) {
    for (const input of nodes) list.push(normalizeNode(input));
  } else {
    for (const [name, weight] of Object.entries(nodes)) list.push(normalizeNode({ name, weight }));
  }
  const seen = new Set<string>();
  for (const node of list) {
    if (seen.has(node.name))
      throw new HashRingError('ERR_DUPLICATE_NODE', `duplicate node ${node.name}`);
    seen.add(node.name);
  }
  return list;
}

/**
 * Sort nodes by name in UTF-16 code-unit order: the canonical order that makes order-independent
 * rings (vnode, bounded, rendezvous, maglev) identical whatever order the caller listed them in.
 *
 * @param nodes - validated nodes (not modified).
 */
export function sortByName(nodes: readonly RingNode[]): RingNode[] {
  return [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
