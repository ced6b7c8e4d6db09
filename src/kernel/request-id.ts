/**
 * A request id as a value: either its text, or the four words the id factory packed it into
 * (`IdFactory.mint`), rendered to text on first read and kept. Most ids minted for load arrivals
 * are never read as text; a store can keep the words (`writeWords`) instead of the string.
 */

const HEX = '0123456789abcdef'
const HEX_CODES = Array.from(HEX, (c) => c.charCodeAt(0))
const DASH = 45
/** The low nibble of each byte: the id's words keep only these (small integers, never boxed). */
export const LOW_NIBBLES = 0x0f0f0f0f

/** The character for the low nibble of the byte at `shift` in a word. */
function hexAt(word: number, shift: number): number {
  return HEX_CODES[(word >>> shift) & 15] as number
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


export class RequestId {
  /** The text, once known (rendered from the words on first read). */
  private text: string | undefined
  /** Whether the four words below hold the id (else only the text does). */
  readonly packed: boolean
  private readonly w0: number
  private readonly w1: number
  private readonly w2: number
  private readonly w3: number

  private constructor(text: string | undefined, packed: boolean, w0: number, w1: number, w2: number, w3: number) {
    // Every field assigned in declaration order: one shape for every id.
    this.text = text
    this.packed = packed
    this.w0 = w0
    this.w1 = w1
    this.w2 = w2
    this.w3 = w3
  }

  /** An id known only as text (an id handed in by a caller). */
  static ofText(text: string): RequestId {
    return new RequestId(text, false, 0, 0, 0, 0)
  }

  /** An id known as the four words `uuidFromPacked` renders (and, optionally, already as text). */
  static ofWords(w0: number, w1: number, w2: number, w3: number, text?: string): RequestId {
    return new RequestId(text, true, w0, w1, w2, w3)
  }

  /** The id as text (rendered once, on first read). */
  get value(): string {
    return (this.text ??= uuidFromPacked(this.w0, this.w1, this.w2, this.w3))
  }

  /** Writes the four words at `at` and returns true when the id is packed; false when only its text is known. */
  writeWords(target: Int32Array, at: number): boolean {
    if (!this.packed) return false
    target[at] = this.w0
    target[at + 1] = this.w1
    target[at + 2] = this.w2
    target[at + 3] = this.w3
    return true
  }

  toString(): string {
    return this.value
  }
}
