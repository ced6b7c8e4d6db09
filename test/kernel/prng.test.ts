import { describe, expect, it } from 'vitest'
import { Decider } from '../../src/kernel/decisions.js'
import { sample } from '../../src/kernel/distributions.js'
import { createIdFactory } from '../../src/kernel/ids.js'
import { Prng } from '../../src/kernel/prng.js'

const take = (prng: Prng, n: number): number[] => Array.from({ length: n }, () => prng.next())

describe('prng', () => {
  it('next - same seed gives the same stream; different seeds differ', () => {
    expect(take(Prng.fromSeed(42), 5)).toEqual(take(Prng.fromSeed(42), 5))
    expect(take(Prng.fromSeed(42), 5)).not.toEqual(take(Prng.fromSeed(43), 5))
    expect(take(Prng.fromSeed('42'), 5)).toEqual(take(Prng.fromSeed(42), 5))
    for (const value of take(Prng.fromSeed(1), 1000)) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
  })

  it('nextUint32 - the sfc32 stream is pinned: these words are what every seed-42 run has always drawn', () => {
    const root = Prng.fromSeed(42)
    expect(Array.from({ length: 6 }, () => root.nextUint32())).toEqual([4224901961, 1787759651, 783997587, 1539319, 914080418, 1139879228])
    const ids = Prng.fromSeed('x').fork('ids')
    expect(Array.from({ length: 3 }, () => ids.nextUint32())).toEqual([3630579888, 1995903798, 1516889578])
  })

  it('fillWords - the same words as as many nextUint32 calls', () => {
    const a = Prng.fromSeed(5)
    const b = Prng.fromSeed(5)
    const words = a.fillWords(new Uint32Array(9))
    expect(Array.from(words)).toEqual(Array.from({ length: 9 }, () => b.nextUint32()))
  })

  it('fork - a labelled stream does not depend on how much the parent or siblings consumed', () => {
    const a = Prng.fromSeed(9)
    const b = Prng.fromSeed(9)
    take(b, 100)
    b.fork('other').next()
    expect(take(a.fork('ids'), 3)).toEqual(take(b.fork('ids'), 3))
    expect(take(a.fork('ids'), 3)).not.toEqual(take(a.fork('routing'), 3))
  })

  it('next - is roughly uniform (mean and deciles)', () => {
    const values = take(Prng.fromSeed(123), 20_000)
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    expect(mean).toBeGreaterThan(0.49)
    expect(mean).toBeLessThan(0.51)
    const buckets = new Array(10).fill(0)
    for (const v of values) buckets[Math.floor(v * 10)]++
    for (const count of buckets) expect(count).toBeGreaterThan(1800)
  })
})

describe('decisions', () => {
  it('decide - recorded values replay first, kind by kind, then the seeded stream continues', () => {
    const decider = new Decider(Prng.fromSeed(1), [
      { kind: 'routing', value: 0.9 },
      { kind: 'cold', value: 0.1 },
      { kind: 'routing', value: 0.2 },
    ], true)
    expect(decider.decide('cold')).toBe(0.1)
    expect(decider.decide('routing')).toBe(0.9)
    expect(decider.decide('routing')).toBe(0.2)
    const seeded = new Decider(Prng.fromSeed(1), undefined, false).decide('routing')
    expect(decider.decide('routing')).toBe(seeded)
    expect(decider.log().map((d) => d.kind)).toEqual(['cold', 'routing', 'routing', 'routing'])
  })

  it('decide - a seeded run replays exactly from its own decision log', () => {
    const first = new Decider(Prng.fromSeed(5), undefined, true)
    const values = ['a', 'b', 'a', 'c'].map((kind) => first.decide(kind))
    const replay = new Decider(Prng.fromSeed(999), first.log(), true)
    expect(['a', 'b', 'a', 'c'].map((kind) => replay.decide(kind))).toEqual(values)
  })

  it('chance/pick - map the draw onto a probability and an index', () => {
    const decider = new Decider(Prng.fromSeed(1), [
      { kind: 'x', value: 0.3 },
      { kind: 'x', value: 0.99 },
    ], false)
    expect(decider.chance('x', 0.5)).toBe(true)
    expect(decider.pick('x', 4)).toBe(3)
  })
})

describe('distributions', () => {
  it('sample - maps one uniform draw onto each distribution', () => {
    expect(sample(250, 0.7)).toBe(250)
    expect(sample({ dist: 'uniform', min: 100, max: 200 }, 0.25)).toBe(125)
    expect(sample({ dist: 'normal', mean: 100, stddev: 10 }, 0.5)).toBeCloseTo(100, 6)
    expect(sample({ dist: 'normal', mean: 100, stddev: 10 }, 0.8413447)).toBeCloseTo(110, 3)
    expect(sample({ dist: 'lognormal', median: 300, sigma: 0.5 }, 0.5)).toBeCloseTo(300, 6)
    expect(sample({ dist: 'exponential', mean: 50 }, 1 - Math.exp(-1))).toBeCloseTo(50, 6)
    expect(sample({ dist: 'normal', mean: 1, stddev: 100 }, 0.01)).toBe(0)
  })
})

describe('ids', () => {
  it('uuid - v4-shaped, lowercase, deterministic per seed, distinct across seeds', () => {
    const a = createIdFactory(Prng.fromSeed(1).fork('ids'))
    const b = createIdFactory(Prng.fromSeed(1).fork('ids'))
    const c = createIdFactory(Prng.fromSeed(2).fork('ids'))
    const ids = Array.from({ length: 200 }, () => a.uuid())
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(200)
    expect(b.uuid()).toBe(ids[0])
    expect(c.uuid()).not.toBe(ids[0])
    expect(a.hex32()).toMatch(/^[0-9a-f]{32}$/)
  })
})
