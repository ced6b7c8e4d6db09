import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'
import { eventLogHash } from '../../src/testing/index.js'

/** A non-trivial story: seeded init and compute times, concurrency, an error, a timeout, reclaim. */
async function story(seed: number | string, decisions?: { kind: string; value: number }[]): Promise<Simulation> {
  const sim = createSimulation({ seed, recordEvents: true, ...(decisions ? { decisions } : {}) })
  sim.createFunction({
    functionName: 'orders',
    timeout: 1,
    memorySize: 256,
    model: { initDurationMs: { dist: 'lognormal', median: 200, sigma: 0.4 }, computeMs: { dist: 'uniform', min: 5, max: 40 } },
    code: {
      init: async (init: { sleep(ms: number): Promise<void> }) => {
        await init.sleep(50)
        let served = 0
        return async (event: { n: number }, context: { sleep(ms: number): Promise<void>; log(...a: unknown[]): void }) => {
          served++
          context.log('order', event.n, 'served', served)
          await context.sleep(event.n * 37)
          if (event.n % 5 === 0) throw new Error(`order ${event.n} rejected`)
          return { n: event.n, served }
        }
      },
    },
  })
  for (let round = 0; round < 4; round++) {
    await Promise.all([1, 2, 3, 4, 5, 30].map((n) => sim.invoke({ functionName: 'orders', payload: { n: n + round } })))
    await sim.advance(round === 2 ? '11m' : '2s')
  }
  await sim.runUntilIdle()
  return sim
}

describe('determinism', () => {
  it('seed - the same seed gives the same event log, byte for byte, across fresh simulations', async () => {
    const a = await story(42)
    const b = await story(42)
    expect(a.events().length).toBeGreaterThan(100)
    expect(a.eventLogText()).toBe(b.eventLogText())
    expect(eventLogHash(a)).toBe(eventLogHash(b))
    expect(a.logs.text()).toBe(b.logs.text())
  })

  it('seed - a different seed gives different request ids and a different log', async () => {
    const a = await story(42)
    const c = await story(43)
    const ids = (sim: Simulation) => sim.events().flatMap((e) => (e.type === 'invocation.started' ? [e.requestId] : []))
    expect(ids(a)).toHaveLength(ids(c).length)
    expect(ids(a).filter((id) => ids(c).includes(id))).toEqual([])
    expect(eventLogHash(a)).not.toBe(eventLogHash(c))
  })

  it('decisions - replaying a run’s decision list under another seed reproduces every random timing', async () => {
    const original = await story(7)
    const replayed = await story(8, original.decisions())
    const timings = (sim: Simulation) =>
      sim.events().flatMap((e) => (e.type === 'invocation.completed' ? [`${e.durationMs}/${e.initDurationMs ?? '-'}/${e.status}`] : []))
    expect(original.decisions().length).toBeGreaterThan(10)
    expect(timings(replayed)).toEqual(timings(original))
  })

  it('seed - an omitted seed is drawn once and reported, and replays the run', async () => {
    const drawn = createSimulation()
    expect(typeof drawn.seed).toBe('number')
    expect(drawn.replayLine()).toBe(`seed=${drawn.seed} decisions=seeded`)
    const a = await story(drawn.seed)
    const b = await story(drawn.seed)
    expect(eventLogHash(a)).toBe(eventLogHash(b))
  })
})
