/**
 * Identity from the seeded PRNG: request ids are UUID v4-shaped, log stream suffixes 32 hex chars.
 * Same seed ⇒ same ids, in the same order.
 */
import { customRandom } from 'nanoid'
import type { Prng } from './prng.js'

const HEX = '0123456789abcdef'
const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0))
const DASH = 45
const LOW_NIBBLES = 0x0f0f0f0f

/** The character for the low nibble of the byte at `shift` in a word. */
function hexAt(word: number, shift: number): number {
  return HEX_CODES[(word >>> shift) & 15] as number
}

export interface IdFactory {
  /** `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase, from the seeded stream. */
  uuid(): string
  /** 32 lowercase hex characters. */
  hex32(): string
  /**
   * Draws the next request id exactly as `uuid()` does, but leaves it packed in `lastUuidPacked`
   * (render it with `uuidFromPacked` when someone reads it: most ids are never read).
   */
  mintPacked(): void
  /** The id `uuid()` returned last (compare by identity; `undefined` after `mintPacked`), and its hex digits packed in `lastUuidPacked`. */
  readonly lastUuid: string | undefined
  /** Four int32 words that `uuidFromPacked` turns back into the id minted last: a store can keep numbers, not the string. */
  readonly lastUuidPacked: Int32Array
}

/**
 * The id for eight words of the seeded stream, each masked to its bytes' low nibbles: character k
 * comes from the low nibble of byte 31 − k, with the version and variant characters fixed.
 */
function uuidOfMasked(w0: number, w1: number, w2: number, w3: number, w4: number, w5: number, w6: number, w7: number): string {
  return String.fromCharCode(
    hexAt(w7, 24), hexAt(w7, 16), hexAt(w7, 8), hexAt(w7, 0), hexAt(w6, 24), hexAt(w6, 16), hexAt(w6, 8), hexAt(w6, 0), DASH,
    hexAt(w5, 24), hexAt(w5, 16), hexAt(w5, 8), hexAt(w5, 0), DASH,
    // version 4
    HEX_CODES[4] as number, hexAt(w4, 16), hexAt(w4, 8), hexAt(w4, 0), DASH,
    // RFC 4122 variant
    HEX_CODES[8 + ((w3 >>> 24) & 3)] as number, hexAt(w3, 16), hexAt(w3, 8), hexAt(w3, 0), DASH,
    hexAt(w2, 24), hexAt(w2, 16), hexAt(w2, 8), hexAt(w2, 0), hexAt(w1, 24), hexAt(w1, 16), hexAt(w1, 8), hexAt(w1, 0),
    hexAt(w0, 24), hexAt(w0, 16), hexAt(w0, 8), hexAt(w0, 0),
  )
}

/** The id packed by `uuid()` into four words (two masked words each, one shifted a nibble up). */
export function uuidFromPacked(p0: number, p1: number, p2: number, p3: number): string {
  return uuidOfMasked(
    p0 & LOW_NIBBLES, (p0 >>> 4) & LOW_NIBBLES, p1 & LOW_NIBBLES, (p1 >>> 4) & LOW_NIBBLES,
    p2 & LOW_NIBBLES, (p2 >>> 4) & LOW_NIBBLES, p3 & LOW_NIBBLES, (p3 >>> 4) & LOW_NIBBLES,
  )
}

export function createIdFactory(prng: Prng): IdFactory {
  const hex = customRandom(HEX, 32, (size) => prng.fill(new Uint8Array(size)))
  const words = new Uint32Array(8)
  const factory = {
    hex32: () => hex(),
    lastUuid: undefined as string | undefined,
    lastUuidPacked: new Int32Array(4),
    // Request ids are minted once per invocation, so they skip nanoid's per-character string
    // building: the same eight words of the seeded stream, mapped the same way, into one string.
    uuid(): string {
      factory.mintPacked()
      const packed = factory.lastUuidPacked
      const id = uuidFromPacked(packed[0] as number, packed[1] as number, packed[2] as number, packed[3] as number)
      factory.lastUuid = id
      return id
    },
    mintPacked(): void {
      prng.fillWords(words)
      // Only each byte's low nibble is used: masked, a word is a small integer (never a boxed number).
      const w0 = (words[0] as number) & LOW_NIBBLES
      const w1 = (words[1] as number) & LOW_NIBBLES
      const w2 = (words[2] as number) & LOW_NIBBLES
      const w3 = (words[3] as number) & LOW_NIBBLES
      const w4 = (words[4] as number) & LOW_NIBBLES
      const w5 = (words[5] as number) & LOW_NIBBLES
      const w6 = (words[6] as number) & LOW_NIBBLES
      const w7 = (words[7] as number) & LOW_NIBBLES
      const packed = factory.lastUuidPacked
      packed[0] = w0 | (w1 << 4)
      packed[1] = w2 | (w3 << 4)
      packed[2] = w4 | (w5 << 4)
      packed[3] = w6 | (w7 << 4)
      factory.lastUuid = undefined
    },
  }
  return factory
}
