import { describe, expect, it } from 'vitest';
import { AddressBook } from './address-book.js';

describe('AddressBook', () => {
  it('gives one node per canonical address, with dense ids in first-seen order', () => {
    const book = new AddressBook();
    const a = book.node('10.0.0.1:7946');
    const b = book.node('[::1]:7946');
    expect([a.id, b.id]).toEqual([0, 1]);
    expect(book.node('10.0.0.1:7946')).toBe(a);
    expect(book.nodesOf(['[0:0::1]:7946', '10.0.0.1:7946'])).toEqual([b, a]);
    expect(book.nodesOf('10.0.0.1:7946')).toEqual([a]);
    expect(book.find('[0::1]:7946')).toBe(b);
    expect(book.find('10.9.9.9:1')).toBeUndefined();
    expect(book.nodes).toEqual([a, b]);
  });

  it('hands out automatic 10.x.y.z:7946 addresses, skipping .0 and .255 and bound ones', () => {
    const book = new AddressBook();
    book.node('10.0.0.2:7946').endpoint = { listening: true } as never;
    const first = Array.from({ length: 3 }, () => book.transportAddress(undefined));
    expect(first).toEqual(['10.0.0.1:7946', '10.0.0.3:7946', '10.0.0.4:7946']);
    for (let i = 0; i < 250; i++) book.transportAddress(undefined);
    expect(book.transportAddress(undefined)).toBe('10.0.1.1:7946');
  });

  it('normalises a requested address, rejects port 0, and lets only known host names resolve', () => {
    const book = new AddressBook();
    expect(book.transportAddress('[0:0::1]:80')).toBe('[::1]:80');
    expect(() => book.transportAddress('10.0.0.1:0')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    expect(() => book.resolve('node-a.test:7946')).toThrow(
      expect.objectContaining({ code: 'ERR_UNRESOLVABLE_ADDRESS' }),
    );
    expect(book.transportAddress('NODE-A.test:7946')).toBe('node-a.test:7946');
    expect(book.resolve('Node-A.test:7946')).toBe(book.node('node-a.test:7946'));
    expect(() => book.resolve('not an address')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
  });
});
