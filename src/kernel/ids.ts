/**
 * Identity from the seeded PRNG: request ids are UUID v4-shaped, log stream suffixes 32 hex chars.
 * Same seed ⇒ same ids, in the same order.
 */
import { customRandom } from 'nanoid'
import type { Prng } from './prng.js'

const HEX = '0123456789abcdef'
const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0))
const DASH = 45

export interface IdFactory {
  /** `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase, from the seeded stream. */
  uuid(): string
  /** 32 lowercase hex characters. */
  hex32(): string
}

export function createIdFactory(prng: Prng): IdFactory {
  const hex = customRandom(HEX, 32, (size) => prng.fill(new Uint8Array(size)))
  // Request ids are minted once per invocation, so they skip nanoid's per-character string
  // building: the same bytes, mapped the same way (character k from byte 31 − k), into one string.
  const bytes = new Uint8Array(32)
  const codes = new Array<number>(36).fill(0)
  return {
    hex32: () => hex(),
    uuid() {
      prng.fill(bytes)
      let at = 0
      for (let k = 0; k < 32; k++) {
        if (k === 8 || k === 12 || k === 16 || k === 20) codes[at++] = DASH
        let nibble = (bytes[31 - k] as number) & 15
        if (k === 12) nibble = 4 // version 4
        else if (k === 16) nibble = 8 + (nibble & 3) // RFC 4122 variant
        codes[at++] = HEX_CODES[nibble] as number
      }
      return String.fromCharCode.apply(null, codes)
    },
  }
}
