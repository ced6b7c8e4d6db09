import { describe, expect, it } from 'vitest'
import { LastLookup } from '../../src/kernel/last-lookup.js'

describe('LastLookup', () => {
  it('answers only for the key it was last given, by identity', () => {
    const last = new LastLookup<object | number, string>()
    const key = {}
    expect(last.get(key)).toBeUndefined()
    expect(last.get(undefined as unknown as number)).toBeUndefined()
    expect(last.set(key, 'a')).toBe('a')
    expect(last.get(key)).toBe('a')
    expect(last.get({})).toBeUndefined()
    last.set(3, 'b')
    expect(last.get(key)).toBeUndefined()
    expect(last.get(3)).toBe('b')
    last.clear()
    expect(last.get(3)).toBeUndefined()
  })
})
