/**
 * Identity from the seeded PRNG: request ids are UUID v4-shaped, log stream suffixes 32 hex chars.
 * Same seed ⇒ same ids, in the same order.
 */
import { customRandom } from 'nanoid'
import type { Prng } from './prng.js'
import { LOW_NIBBLES, RequestId, uuidFromPacked } from './request-id.js'

export { uuidFromPacked }

const HEX = '0123456789abcdef'

export interface IdFactory {
  /** `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase, from the seeded stream. */
  uuid(): string
  /** 32 lowercase hex characters. */
  hex32(): string
  /**
   * Draws exactly as `hex32()` does and writes the 16 bytes those hex characters spell into `into`
   * at `offset` (SQS receipt handles: no 32-character string built one character at a time).
   */
  hex32Bytes(into: Uint8Array, offset: number): void
  /**
   * Draws the next request id exactly as `uuid()` does, but as a `RequestId` holding the packed
   * words: its text is rendered only when someone reads it (most ids are never read).
   */
  mint(): RequestId
}

export function createIdFactory(prng: Prng): IdFactory {
  return new SeededIds(prng)
}

/**
 * The factory as a class instance, not an object literal of closures: V8 pretenures a literal site
 * whose objects outlive minor collections, and the old literal kept its young closures (and the
 * stream they draw from) alive through every minor collection after a simulation was dropped (see
 * fresh-array.ts).
 */
class SeededIds implements IdFactory {
  private readonly hex: () => string
  private readonly words = new Uint32Array(8)
  private readonly scratch = new Uint8Array(32)
  /** The words of the id drawn last (`draw`). */
  private readonly packed = new Int32Array(4)

  constructor(private readonly prng: Prng) {
    this.hex = customRandom(HEX, 32, (size) => prng.fill(new Uint8Array(size)))
  }

  hex32(): string {
    return this.hex()
  }

  hex32Bytes(into: Uint8Array, offset: number): void {
    // nanoid's customRandom (HEX has 16 letters: every byte is used) reads the 32 bytes from the
    // last: character j is HEX[bytes[31 - j] & 15]; a byte of the result is two characters.
    const bytes = this.prng.fill(this.scratch)
    for (let k = 0; k < 16; k++) into[offset + k] = (((bytes[31 - 2 * k] as number) & 15) << 4) | ((bytes[30 - 2 * k] as number) & 15)
  }

  // Request ids are minted once per invocation, so they skip nanoid's per-character string
  // building: the same eight words of the seeded stream, mapped the same way, into one string.
  uuid(): string {
    const packed = this.draw()
    return uuidFromPacked(packed[0] as number, packed[1] as number, packed[2] as number, packed[3] as number)
  }

  mint(): RequestId {
    const packed = this.draw()
    return RequestId.ofWords(packed[0] as number, packed[1] as number, packed[2] as number, packed[3] as number)
  }

  /** Draws the next id's eight words into `packed` (two masked words each, one shifted a nibble up). */
  private draw(): Int32Array {
    const words = this.words
    const packed = this.packed
    this.prng.fillWords(words)
    // Only each byte's low nibble is used: masked, a word is a small integer (never a boxed number).
    const w0 = (words[0] as number) & LOW_NIBBLES
    const w1 = (words[1] as number) & LOW_NIBBLES
    const w2 = (words[2] as number) & LOW_NIBBLES
    const w3 = (words[3] as number) & LOW_NIBBLES
    const w4 = (words[4] as number) & LOW_NIBBLES
    const w5 = (words[5] as number) & LOW_NIBBLES
    const w6 = (words[6] as number) & LOW_NIBBLES
    const w7 = (words[7] as number) & LOW_NIBBLES
    packed[0] = w0 | (w1 << 4)
    packed[1] = w2 | (w3 << 4)
    packed[2] = w4 | (w5 << 4)
    packed[3] = w6 | (w7 << 4)
    return packed
  }
}
