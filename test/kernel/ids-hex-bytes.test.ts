import { describe, expect, it } from 'vitest'
import { createIdFactory } from '../../src/kernel/ids.js'
import { Prng } from '../../src/kernel/prng.js'

describe('kernel/ids', () => {
  it('hex32Bytes - the bytes hex32() spells, from the same draws (the ids after it unchanged)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const a = createIdFactory(Prng.fromSeed(seed).fork('ids'))
      const b = createIdFactory(Prng.fromSeed(seed).fork('ids'))
      for (let i = 0; i < 20; i++) {
        const into = new Uint8Array(40)
        b.hex32Bytes(into, 3)
        expect(Buffer.from(into.subarray(3, 19)).toString('hex')).toBe(a.hex32())
        expect(b.uuid()).toBe(a.uuid())
      }
    }
  })
})
