/**
 * A compact, exact map from tweet ids to a 32-bit value, for the bulk path's de-duplication of
 * millions of ids (9 million archive tweets plus their referenced tweets) within the loader's
 * memory bound. A `Map<string, number>` costs about 80 bytes an entry; here a canonical decimal id
 * of up to 19 digits (every snowflake id) is split into two 32-bit words and kept in typed arrays
 * (12 bytes a slot, about 17 an entry at the load factor used). Exact, not a hash of the id: the
 * words are the id's digits, so two ids never share a slot key. Other ids (synthetic `io:` ids,
 * leading zeros, longer numbers) go to an ordinary Map.
 */

const EMPTY = 0xffffffff;
const MAX_LOAD = 0.7;

/** Splits a canonical decimal id of 1-19 digits into [hi, lo] (hi < 2^32 - 1), or undefined. */
function split(id: string): [number, number] | undefined {
  const length = id.length;
  if (length === 0 || length > 19 || (length > 1 && id.charCodeAt(0) === 48)) return undefined;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  // id = a * 1e9 + b with b < 1e9 (30 bits) and a < 1e10 (34 bits): lo = b | (a & 3) << 30, hi = a >> 2.
  const a = length > 9 ? Number(id.slice(0, length - 9)) : 0;
  const b = length > 9 ? Number(id.slice(length - 9)) : Number(id);
  return [Math.floor(a / 4), (b | ((a % 4) << 30)) >>> 0];
}

function join(hi: number, lo: number): string {
  const a = hi * 4 + (lo >>> 30);
  const b = lo & 0x3fffffff;
  return a === 0 ? String(b) : `${a}${String(b).padStart(9, "0")}`;
}

/** One open-addressing table (linear probing) of the numeric ids whose hash picks it. */
class Shard {
  his: Uint32Array;
  los: Uint32Array;
  values: Uint32Array;
  used = 0;

  constructor(capacity: number) {
    this.his = new Uint32Array(capacity).fill(EMPTY);
    this.los = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
  }

  find(hi: number, lo: number, hash: number): number {
    const mask = this.his.length - 1;
    let slot = hash & mask;
    for (;;) {
      const h = this.his[slot];
      if (h === EMPTY || (h === hi && this.los[slot] === lo)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  grow(): void {
    const { his, los, values } = this;
    const capacity = his.length * 2;
    this.his = new Uint32Array(capacity).fill(EMPTY);
    this.los = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
    for (let slot = 0; slot < his.length; slot++) {
      const hi = his[slot]!;
      if (hi === EMPTY) continue;
      const target = this.find(hi, los[slot]!, hashOf(hi, los[slot]!) >>> SHARD_BITS);
      this.his[target] = hi;
      this.los[target] = los[slot]!;
      this.values[target] = values[slot]!;
    }
  }
}

// Many small tables rather than one: a table doubles alone, so growing never holds two copies of everything.
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;

function hashOf(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ lo;
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

export class TweetIdMap {
  private readonly shards: Shard[];
  private readonly others = new Map<string, number>();

  /** `expectedSize`: ids expected (the tables grow past it as needed). */
  constructor(expectedSize = 1 << 16) {
    let capacity = 16;
    while (capacity * MAX_LOAD < expectedSize / SHARDS) capacity <<= 1;
    this.shards = Array.from({ length: SHARDS }, () => new Shard(capacity));
  }

  get size(): number {
    return this.shards.reduce((sum, shard) => sum + shard.used, 0) + this.others.size;
  }

  /** The value stored for `id`, or undefined. */
  get(id: string): number | undefined {
    const key = split(id);
    if (key === undefined) return this.others.get(id);
    const hash = hashOf(key[0], key[1]);
    const shard = this.shards[hash & (SHARDS - 1)]!;
    const slot = shard.find(key[0], key[1], hash >>> SHARD_BITS);
    return shard.his[slot] === EMPTY ? undefined : shard.values[slot];
  }

  /** Stores `value` (a 32-bit unsigned integer) for `id`. */
  set(id: string, value: number): void {
    const key = split(id);
    if (key === undefined) {
      this.others.set(id, value);
      return;
    }
    const hash = hashOf(key[0], key[1]);
    const shard = this.shards[hash & (SHARDS - 1)]!;
    let slot = shard.find(key[0], key[1], hash >>> SHARD_BITS);
    if (shard.his[slot] === EMPTY) {
      if ((shard.used + 1) / shard.his.length > MAX_LOAD) {
        shard.grow();
        slot = shard.find(key[0], key[1], hash >>> SHARD_BITS);
      }
      shard.his[slot] = key[0];
      shard.los[slot] = key[1];
      shard.used++;
    }
    shard.values[slot] = value >>> 0;
  }

  /** Every id with its value, numeric ids first (in no particular order). */
  *entries(): Generator<[id: string, value: number]> {
    for (const shard of this.shards) {
      for (let slot = 0; slot < shard.his.length; slot++) {
        const hi = shard.his[slot]!;
        if (hi !== EMPTY) yield [join(hi, shard.los[slot]!), shard.values[slot]!];
      }
    }
    yield* this.others;
  }
}
