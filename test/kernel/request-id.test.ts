import { describe, expect, it } from 'vitest'
import { createIdFactory, uuidFromPacked } from '../../src/kernel/ids.js'
import { Prng } from '../../src/kernel/prng.js'
import { RequestId } from '../../src/kernel/request-id.js'

describe('RequestId', () => {
  it('a minted id renders to the id uuid() draws from the same seed, once, and writes its words', () => {
    const minting = createIdFactory(Prng.fromSeed('ids'))
    const asText = createIdFactory(Prng.fromSeed('ids'))
    for (let n = 0; n < 200; n++) {
      const id = minting.mint()
      const text = asText.uuid()
      expect(id.packed).toBe(true)
      const words = new Int32Array(6)
      expect(id.writeWords(words, 2)).toBe(true)
      expect(uuidFromPacked(words[2] as number, words[3] as number, words[4] as number, words[5] as number)).toBe(text)
      expect(id.value).toBe(text)
      expect(id.value).toBe(id.value) // rendered once, then kept
      expect(String(id)).toBe(text)
    }
  })

  it('an id given as text is not packed and writes no words', () => {
    const id = RequestId.ofText('abc')
    const words = new Int32Array(4).fill(7)
    expect(id.packed).toBe(false)
    expect(id.writeWords(words, 0)).toBe(false)
    expect(Array.from(words)).toEqual([7, 7, 7, 7])
    expect(id.value).toBe('abc')
  })
})
