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
}

export function createIdFactory(prng: Prng): IdFactory {
  const hex = customRandom(HEX, 32, (size) => prng.fill(new Uint8Array(size)))
  const words = new Uint32Array(8)
  return {
    hex32: () => hex(),
    // Request ids are minted once per invocation, so they skip nanoid's per-character string
    // building: the same eight words of the seeded stream, mapped the same way (character k from
    // the low nibble of byte 31 − k), written straight into one string.
    uuid() {
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
    },
  }
}
