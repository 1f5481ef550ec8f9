export { hash32, hash64, utf8 } from './hash.js';
export type { Key } from './hash.js';
