/**
 * UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, version 7, 12 bits, variant 10, 62 bits. Ids sort
 * by the time they were made, as text and as bytes, so an event log keyed by them reads in order, and any
 * installation can make them offline without asking anyone (label events travel between catalogs).
 *
 * Within one process the ids are strictly increasing (RFC 9562 §6.2, method 1): the 12 bits after the
 * version are a counter that starts at a random value below 2048 each new millisecond and counts up when
 * the clock has not moved (or went back); past 4095 the timestamp is moved on by one millisecond. The
 * remaining 62 bits are random (crypto.getRandomValues: Node ≥ 19 and every browser).
 */

/** The one function of the Web Crypto API used here; shared code is typed without DOM or Node. */
interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MAX_MS = 2 ** 48 - 1;
const MAX_COUNTER = 0xfff;

function randomBytes(n: number): Uint8Array {
  const source = (globalThis as { crypto?: RandomSource }).crypto;
  if (!source || typeof source.getRandomValues !== 'function') throw new Error('uuidv7: this runtime has no crypto.getRandomValues');
  return source.getRandomValues(new Uint8Array(n));
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function checkedMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) throw new Error(`uuidv7: timestamp ${ms} is outside 0…2^48-1 milliseconds`);
  return Math.floor(ms);
}

/** Lays out timestamp, 12-bit field and 8 bytes of which the first's top two bits become the variant. */
function layout(ms: number, twelveBits: number, tail: Uint8Array): string {
  const b = new Uint8Array(16);
  // 48-bit big-endian timestamp: split, since bitwise operators in JS work on 32 bits.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  b[0] = (high >>> 8) & 0xff;
  b[1] = high & 0xff;
  b[2] = (low >>> 24) & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  b[6] = 0x70 | ((twelveBits >>> 8) & 0x0f);
  b[7] = twelveBits & 0xff;
  b[8] = 0x80 | (tail[0]! & 0x3f);
  for (let i = 1; i < 8; i++) b[8 + i] = tail[i]!;
  return hex(b);
}

let lastMs = -1;
let counter = 0;

/** A new UUIDv7; strictly greater than every one made before by this process. */
export function uuidv7(nowMs: number = Date.now()): string {
  const r = randomBytes(10);
  let ms = checkedMs(nowMs);
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > MAX_COUNTER) {
      ms = checkedMs(lastMs + 1);
      counter = ((r[8]! << 3) | (r[9]! >>> 5)) & 0x7ff;
    }
  } else {
    // Below 2048: leaves at least 2048 ids in the same millisecond before the timestamp has to move on.
    counter = ((r[8]! << 3) | (r[9]! >>> 5)) & 0x7ff;
  }
  lastMs = ms;
  return layout(ms, counter, r.subarray(0, 8));
}

/**
 * A UUIDv7 made from given bits instead of random ones: the same inputs give the same id. For ids that two
 * catalogs must agree on without talking to each other (events that existed before ids did: migration 006).
 * `bits` needs at least 10 bytes (e.g. a hash); the first two fill the 12-bit field, the next eight the tail.
 */
export function uuidv7FromBits(ms: number, bits: Uint8Array): string {
  if (bits.length < 10) throw new Error(`uuidv7FromBits: needs 10 bytes of bits, got ${bits.length}`);
  return layout(checkedMs(ms), ((bits[0]! << 8) | bits[1]!) & MAX_COUNTER, bits.subarray(2, 10));
}

/** True for a UUIDv7 in its canonical spelling (lowercase, hyphenated). */
export function isUuidv7(value: unknown): value is string {
  return typeof value === 'string' && UUIDV7.test(value);
}

/** The Unix milliseconds a UUIDv7 carries. */
export function uuidv7Time(id: string): number {
  if (!UUIDV7.test(id)) throw new Error(`uuidv7Time: '${id}' is not a UUIDv7 (expected xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx)`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
