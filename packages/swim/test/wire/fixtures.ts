// Helpers to read the memberlist fixtures copied from shared/fixtures/memberlist and to turn
// their JSON `body` trees (Go field names, hex bytes, Vsn as number arrays) into wire values.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StructSchema } from '../../src/wire/schemas.js';
import { encodeCompound } from '../../src/wire/compound.js';
import { bodySchema, encodeMessage } from '../../src/wire/codec.js';
import type { WireMessage } from '../../src/wire/messages.js';
import { MessageType } from '../../src/wire/messages.js';
import { pushNodeStateSchema } from '../../src/wire/schemas.js';

/** Folder holding the copied fixtures. */
export const FIXTURE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'memberlist',
);

/** A fixture file, loosely typed (its shape depends on `transport`). */
export interface Fixture {
  name: string;
  source: string;
  memberlistVersion: string;
  transport?: string;
  keys?: string[];
  label?: string;
  hex?: string;
  schema?: string;
  packets?: { from: string; to: string; hex: string; decoded: Layer }[];
  exchange?: { direction: string; from: string; to: string; hex: string; decoded: StreamDecoded }[];
  decoded?: Layer;
  extra?: Record<string, unknown>;
  [k: string]: unknown;
}

/** One node of a `decoded` tree. */
export interface Layer {
  layer?: string;
  type?: string;
  typeId?: number;
  body?: Record<string, unknown>;
  inner?: Layer;
  parts?: Layer[];
  count?: number;
  label?: string;
  keyIndex?: number;
  encryptionVersion?: number;
  nonce?: string;
  plaintextHex?: string;
  decompressedHex?: string;
  decompressedLen?: number;
  payloadHex?: string;
  header?: { body: Record<string, unknown> };
  nodes?: { body: Record<string, unknown> }[];
  userStateHex?: string;
  valid?: boolean;
  [k: string]: unknown;
}

/** The `decoded` of one direction of a TCP exchange. */
export interface StreamDecoded {
  labelHeader?: { label: string; headerHex: string };
  message: Layer;
}

/** Names of all fixture files (without `.json`). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Load one fixture by name. */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Fixture;
}

/** Hex → bytes. */
export function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Bytes → hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Convert a fixture `body` (Go names, hex bytes) into the TypeScript value of `schema`,
 * starting from the zero value so that keys absent on the wire keep their zero value.
 */
export function fromGoBody<T>(schema: StructSchema<T>, body: Record<string, unknown>): T {
  const out = schema.zero() as Record<string, unknown>;
  for (const f of schema.fields) {
    if (!(f.key in body)) continue;
    const v = body[f.key];
    if (f.kind === 'bytes' || f.kind === 'nullableBytes') {
      if (v === null) out[f.prop] = f.kind === 'bytes' ? new Uint8Array(0) : null;
      else if (Array.isArray(v)) out[f.prop] = new Uint8Array(v as number[]);
      else out[f.prop] = hexToBytes(v as string);
    } else {
      out[f.prop] = v;
    }
  }
  for (const k of Object.keys(body)) {
    if (!schema.byKey.has(k)) throw new Error(`fixture field ${k} is not in schema ${schema.name}`);
  }
  return out as T;
}

/** The messages a packet's decoded tree holds, flattened in order (compound/compress opened). */
export function expectedMessages(layer: Layer): WireMessage[] {
  if (layer.layer !== undefined) return expectedMessages(layer.inner!);
  switch (layer.typeId) {
    case MessageType.Compound:
      return layer.parts!.flatMap(expectedMessages);
    case MessageType.Compress:
      return expectedMessages(layer.inner!);
    case MessageType.User:
      return [{ type: MessageType.User, body: { payload: hexToBytes(layer.payloadHex!) } }];
    default: {
      const schema = bodySchema(layer.typeId!);
      if (schema === undefined) throw new Error(`no schema for ${String(layer.typeId)}`);
      return [{ type: layer.typeId, body: fromGoBody(schema, layer.body!) } as WireMessage];
    }
  }
}

/** Re-encode the innermost message of a decoded packet tree (below compress/CRC/encryption/label). */
export function encodeTreeMessage(layer: Layer): Uint8Array {
  if (layer.layer !== undefined) return encodeTreeMessage(layer.inner!);
  if (layer.typeId === MessageType.Compound)
    return encodeCompound(layer.parts!.map(encodeTreeMessage));
  if (layer.typeId === MessageType.Compress) return encodeTreeMessage(layer.inner!);
  const [msg] = expectedMessages(layer);
  return encodeMessage(msg!);
}

/** The layers above the message in a decoded packet tree. */
export interface TreeLayers {
  label?: string;
  encryption?: { version: 0 | 1; nonce: string; keyIndex: number };
  crc: boolean;
  compress: boolean;
}

/** Collect the layers of a decoded packet tree. */
export function treeLayers(layer: Layer): TreeLayers {
  const out: TreeLayers = { crc: false, compress: false };
  for (let l: Layer | undefined = layer; l !== undefined; l = l.inner) {
    if (l.layer === 'label') out.label = l.label!;
    else if (l.layer === 'encryption' || l.layer === 'streamEncryption') {
      out.encryption = {
        version: l.encryptionVersion as 0 | 1,
        nonce: l.nonce!,
        keyIndex: l.keyIndex!,
      };
    } else if (l.layer === 'crc') out.crc = true;
    else if (l.typeId === MessageType.Compress) out.compress = true;
    if (l.typeId === MessageType.Compound) break;
  }
  return out;
}

/** A push/pull or user stream message from a decoded stream tree, as a WireMessage. */
export function expectedStreamMessage(layer: Layer): WireMessage {
  if (layer.layer !== undefined || layer.typeId === MessageType.Compress)
    return expectedStreamMessage(layer.inner!);
  if (layer.typeId === MessageType.PushPull) {
    return {
      type: MessageType.PushPull,
      body: {
        join: layer.header!.body.Join as boolean,
        nodes: layer.nodes!.map((n) => fromGoBody(pushNodeStateSchema, n.body)),
        userState: hexToBytes(layer.userStateHex ?? ''),
      },
    };
  }
  return expectedMessages(layer)[0]!;
}

/** A nonce source that writes the given hex nonce (to reproduce Go's bytes; tests only). */
export function fixedNonce(hex: string): (nonce: Uint8Array) => void {
  const bytes = hexToBytes(hex);
  return (nonce) => {
    nonce.set(bytes);
  };
}
