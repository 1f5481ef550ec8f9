import { describe, expect, it } from 'vitest';
import {
  WriteWaiters,
  notReadyError,
  packetError,
  packetTooLargeError,
  writeError,
} from './contract-checks.js';
import { TransportError } from './errors.js';

describe('contract checks', () => {
  it('notReadyError: ERR_NOT_STARTED before start resolved, ERR_CLOSED once closing', () => {
    expect(notReadyError('idle').code).toBe('ERR_NOT_STARTED');
    expect(notReadyError('starting').code).toBe('ERR_NOT_STARTED');
    expect(notReadyError('closing').code).toBe('ERR_CLOSED');
    expect(notReadyError('closed')).toBeInstanceOf(TransportError);
    expect(notReadyError('closed').code).toBe('ERR_CLOSED');
  });

  it('packetError: ERR_SEND for a non-Uint8Array, ERR_PACKET_TOO_LARGE over the budget', () => {
    expect(packetError('text', 10)?.code).toBe('ERR_SEND');
    expect(packetError(new Uint8Array(11), 10)?.code).toBe('ERR_PACKET_TOO_LARGE');
    expect(packetError(new Uint8Array(11), 10)?.message).toBe(packetTooLargeError(11, 10).message);
    expect(packetError(new Uint8Array(10), 10)).toBeUndefined();
  });

  it('writeError: ERR_STREAM_CLOSED when closed (first), ERR_INVALID_OPTION for a bad chunk', () => {
    expect(writeError(true, '10.0.0.1:7946', 'x')?.code).toBe('ERR_STREAM_CLOSED');
    expect(writeError(true, '10.0.0.1:7946', 'x')?.message).toContain('10.0.0.1:7946');
    expect(writeError(false, '10.0.0.1:7946', 'x')?.code).toBe('ERR_INVALID_OPTION');
    expect(writeError(false, '10.0.0.1:7946', new Uint8Array(1))).toBeUndefined();
  });

  it('WriteWaiters releases or rejects every parked writer, in order, once', async () => {
    const waiters = new WriteWaiters();
    const order: string[] = [];
    const a = waiters.wait().then(() => order.push('a'));
    const b = waiters.wait().then(() => order.push('b'));
    expect(waiters.size).toBe(2);
    waiters.releaseAll();
    expect(waiters.size).toBe(0);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);

    const c = waiters.wait();
    const reason = new Error('closed');
    waiters.rejectAll(reason);
    waiters.releaseAll(); // nothing left to release
    await expect(c).rejects.toBe(reason);
  });
});
