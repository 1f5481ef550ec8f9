import { describe, expect, it } from 'vitest';
import {
  fromBase64,
  isJoinOf,
  isLeaveOf,
  isMessage,
  isUpdateOf,
  toBase64,
  type GoPeerEvent,
} from './events.js';

const node = { addr: '127.0.0.1:1', meta: '', incarnation: 1, vsn: [1, 5, 2, 0, 0, 0] };
const join: GoPeerEvent = { event: 'join', name: 'b', state: 'alive', ...node };
const dead: GoPeerEvent = { event: 'leave', name: 'b', state: 'dead', ...node };
const left: GoPeerEvent = { event: 'leave', name: 'b', state: 'left', ...node };

describe('event predicates', () => {
  it('match kind and name', () => {
    expect(isJoinOf('b')(join)).toBe(true);
    expect(isJoinOf('c')(join)).toBe(false);
    expect(isJoinOf('b')(dead)).toBe(false);
    expect(isUpdateOf('b')(join)).toBe(false);
  });

  it('match a leave by state only when asked', () => {
    expect([isLeaveOf('b')(dead), isLeaveOf('b')(left)]).toEqual([true, true]);
    expect([isLeaveOf('b', 'dead')(dead), isLeaveOf('b', 'dead')(left)]).toEqual([true, false]);
    expect([isLeaveOf('b', 'left')(dead), isLeaveOf('b', 'left')(left)]).toEqual([false, true]);
  });

  it('match a message by its exact bytes', () => {
    const message: GoPeerEvent = { event: 'message', payload: 'aGk=' };
    expect(isMessage('hi')(message)).toBe(true);
    expect(isMessage(new Uint8Array([0x68, 0x69]))(message)).toBe(true);
    expect(isMessage('hi!')(message)).toBe(false);
  });
});

describe('base64 helpers', () => {
  it('round-trip bytes and UTF-8 text', () => {
    expect(toBase64('hi')).toBe('aGk=');
    expect([...fromBase64(toBase64(new Uint8Array([0, 255, 128])))]).toEqual([0, 255, 128]);
    expect(fromBase64(toBase64('ключ')).toString('utf8')).toBe('ключ');
  });
});
