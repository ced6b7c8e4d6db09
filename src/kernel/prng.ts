/**
 * A small, fast, seedable PRNG (sfc32) with labelled forks.
 *
 * `fork(label)` derives a child stream from the *root* seed and the label alone, so adding a new
 * random consumer never shifts the numbers another consumer sees.
 */
export type Seed = number | string

/** Hashes any seed and label into four 32-bit words (cyrb128). */
function hashToWords(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

export class Prng {
  /**
   * sfc32's four words, as int32: the same bits as unsigned words, but never boxed numbers (an
   * unsigned word above 2^31 stored in a field is a heap number, and every step would touch four).
   */
  private readonly state = new Int32Array(4)

  /** @param streamKey the root seed and the fork path, e.g. `42/ids`. */
  constructor(readonly streamKey: string) {
    this.state.set(hashToWords(streamKey))
    // Discard the first outputs: sfc32 mixes poorly right after seeding.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  static fromSeed(seed: Seed): Prng {
    return new Prng(`seed:${String(seed)}`)
  }

  fork(label: string): Prng {
    return new Prng(`${this.streamKey}/${label}`)
  }

  nextUint32(): number {
    const state = this.state
    const a = state[0] as number
    const b = state[1] as number
    let c = state[2] as number
    const d = ((state[3] as number) + 1) | 0
    let t = (a + b) | 0
    state[0] = b ^ (b >>> 9)
    state[1] = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    t = (t + d) | 0
    state[2] = (c + t) | 0
    state[3] = d
    return t >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /**
   * Fills `words` with the next outputs, in order: the same numbers as calling `nextUint32` for
   * each, with the state held in locals for the whole run (read and written back once).
   */
  fillWords(words: Uint32Array): Uint32Array {
    const state = this.state
    let a = state[0] as number
    let b = state[1] as number
    let c = state[2] as number
    let d = state[3] as number
    for (let i = 0; i < words.length; i++) {
      d = (d + 1) | 0
      let t = (a + b) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (c << 21) | (c >>> 11)
      t = (t + d) | 0
      c = (c + t) | 0
      words[i] = t >>> 0
    }
    state[0] = a
    state[1] = b
    state[2] = c
    state[3] = d
    return words
  }

  /** Fills `bytes` with pseudo-random bytes. */
  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      let word = this.nextUint32()
      for (let j = 0; j < 4 && i + j < bytes.length; j++) {
        bytes[i + j] = word & 0xff
        word >>>= 8
      }
    }
    return bytes
  }
}
