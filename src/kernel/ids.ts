/**
 * Identity from the seeded PRNG: request ids are UUID v4-shaped, log stream suffixes 32 hex chars.
 * Same seed ⇒ same ids, in the same order.
 */
import { customRandom } from 'nanoid'
import type { Prng } from './prng.js'

const HEX = '0123456789abcdef'

export interface IdFactory {
  /** `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase, from the seeded stream. */
  uuid(): string
  /** 32 lowercase hex characters. */
  hex32(): string
}

export function createIdFactory(prng: Prng): IdFactory {
  const hex = customRandom(HEX, 32, (size) => prng.fill(new Uint8Array(size)))
  return {
    hex32: () => hex(),
    uuid() {
      const h = hex()
      const variant = HEX[8 + (parseInt(h.charAt(16), 16) & 3)] as string
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
    },
  }
}
