import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'

type Decision = { kind: string; value: number }

/** `f` with versions 1 and 2, and alias `live` → 1 with weight `w` on version 2. */
function weighted(seed: number, w: number, decisions?: Decision[]): Simulation {
  const sim = createSimulation({ seed, ...(decisions !== undefined ? { decisions } : {}) })
  sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => c.functionVersion })
  sim.publishVersion({ functionName: 'f' })
  sim.updateFunctionConfiguration({ functionName: 'f', description: 'second' })
  sim.publishVersion({ functionName: 'f' })
  sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': w } } })
  return sim
}

/** The executed version of `n` invocations of `f:live`, one after another. */
async function route(sim: Simulation, n: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const r = await sim.invoke({ functionName: 'f', qualifier: 'live' })
    expect(r.statusCode).toBe(200)
    // The handler saw the version it ran as.
    expect(r.payload).toBe(r.executedVersion)
    out.push(r.executedVersion!)
  }
  return out
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 })
/** A weight in [0, 1]: the ends, or uniform on a fine grid (unbiased, so not mostly near-0 weights). */
const weights = fc.oneof(fc.constantFrom(0, 1), fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((k) => k / 1_000_000))

describe('properties/routing', () => {
  it('alias-routing - the share of the additional version is within 4.5 standard deviations of its weight', async () => {
    const n = 2000
    await fc.assert(
      fc.asyncProperty(weights, seeds, async (w, seed) => {
        const executed = await route(weighted(seed, w), n)
        expect(new Set(executed).size).toBeLessThanOrEqual(2)
        const share = executed.filter((v) => v === '2').length / n
        const sd = Math.sqrt((w * (1 - w)) / n)
        // 1/n: the share moves in steps of one invocation, so allow one step (a continuity correction).
        expect(Math.abs(share - w)).toBeLessThanOrEqual(4.5 * sd + 1 / n)
        if (w === 0) expect(share).toBe(0)
        if (w === 1) expect(share).toBe(1)
      }),
      { numRuns: 15 },
    )
  })

  it('alias-routing - the same seed gives the same sequence of executed versions', async () => {
    await fc.assert(
      fc.asyncProperty(weights, seeds, async (w, seed) => {
        const a = weighted(seed, w)
        const b = weighted(seed, w)
        const first = await route(a, 200)
        expect(await route(b, 200)).toEqual(first)
        expect(b.decisions()).toEqual(a.decisions())
      }),
      { numRuns: 15 },
    )
  })

  it('alias-routing - different seeds give different sequences (the draw is seeded, not fixed)', async () => {
    const a = await route(weighted(1, 0.5), 200)
    const b = await route(weighted(2, 0.5), 200)
    expect(a).not.toEqual(b)
  })

  it('alias-routing - one decision per invocation through a weighted alias, and it decides the version', async () => {
    await fc.assert(
      fc.asyncProperty(weights, seeds, async (w, seed) => {
        const sim = weighted(seed, w)
        const executed = await route(sim, 100)
        const draws = sim.decisions().filter((d) => d.kind === 'alias-routing')
        expect(draws).toHaveLength(100)
        expect(executed).toEqual(draws.map((d) => (d.value < w ? '2' : '1')))
      }),
      { numRuns: 15 },
    )
  })

  it('alias-routing - replaying sim.decisions() under the same seed routes the same way', async () => {
    await fc.assert(
      fc.asyncProperty(weights, seeds, async (w, seed) => {
        const original = weighted(seed, w)
        const executed = await route(original, 100)
        const replay = weighted(seed, w, original.decisions())
        expect(await route(replay, 100)).toEqual(executed)
        expect(replay.decisions()).toEqual(original.decisions())
      }),
      { numRuns: 15 },
    )
  })

  it('alias-routing - forced decisions route exactly as forced: 0.05 and 0.95 with weight 0.1 → 2, 1', async () => {
    const decisions = [
      { kind: 'alias-routing', value: 0.05 },
      { kind: 'alias-routing', value: 0.95 },
    ]
    expect(await route(weighted(123, 0.1, decisions), 2)).toEqual(['2', '1'])
    // The boundary: a draw equal to the weight goes to the primary.
    expect(await route(weighted(123, 0.1, [{ kind: 'alias-routing', value: 0.1 }]), 1)).toEqual(['1'])
  })

  it('alias-routing - forced decision values route as forced, then the seed takes over', async () => {
    await fc.assert(
      fc.asyncProperty(
        weights,
        seeds,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        async (w, seed, values) => {
          const forced = values.map((value) => ({ kind: 'alias-routing', value }))
          const sim = weighted(seed, w, forced)
          const extra = 10
          const executed = await route(sim, values.length + extra)
          // A forced 1 is read as just below 1 (decisions are in [0, 1)).
          expect(executed.slice(0, values.length)).toEqual(values.map((u) => (Math.min(u, 1 - Number.EPSILON) < w ? '2' : '1')))
          const draws = sim.decisions().filter((d) => d.kind === 'alias-routing')
          expect(draws).toHaveLength(values.length + extra)
          // After the forced values, the seeded stream decides (and is logged like any decision).
          expect(executed.slice(values.length)).toEqual(draws.slice(values.length).map((d) => (d.value < w ? '2' : '1')))
        },
      ),
      { numRuns: 15 },
    )
  })
})
