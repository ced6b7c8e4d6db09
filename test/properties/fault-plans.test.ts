import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, type FaultSpec, type LambdaContext, type SimEvent } from '../../src/index.js'
import { arrivalScheduleArbitrary, eventLogHash, faultPlanArbitrary, playArrivals, seedArbitrary } from '../../src/testing/index.js'

// Fault plans over mixed synchronous and asynchronous traffic: the same seed and plan give the same
// event log, byte for byte; every accepted event (and duplicate copy) still finishes exactly once;
// every fault that fires is recorded, and only faults of the plan fire.

interface Case {
  readonly seed: number
  readonly faults: FaultSpec[]
  readonly arrivals: number[]
  /** Every syncEvery-th arrival (from the first) is a synchronous call; the others are events. */
  readonly syncEvery: number
}

const cases: fc.Arbitrary<Case> = fc.record({
  seed: seedArbitrary,
  faults: faultPlanArbitrary({ functionName: ['a', 'b'], maxFaults: 6, maxInvocation: 4 }),
  arrivals: arrivalScheduleArbitrary({ maxArrivals: 6, maxOffsetMs: 3_000 }),
  syncEvery: fc.integer({ min: 2, max: 4 }),
})

async function play(c: Case) {
  const sim = createSimulation({ seed: c.seed, recordEvents: true, metrics: false, logRetention: 0, faults: c.faults })
  for (const functionName of ['a', 'b']) {
    sim.createFunction({
      functionName,
      timeout: 1,
      model: { computeMs: { dist: 'uniform', min: 0, max: 200 } },
      code: async (_event: unknown, context: LambdaContext) => {
        await context.sleep(50)
        return functionName
      },
    })
  }
  await playArrivals(sim, c.arrivals, (i) =>
    sim.invoke({ functionName: i % 2 === 0 ? 'a' : 'b', ...(i % c.syncEvery === 0 ? {} : { invocationType: 'Event' as const }) }),
  )
  await sim.runUntilIdle()
  return sim
}

describe('fault plans (property)', () => {
  it('determinism - the same seed and plan give the same event log hash', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        expect(eventLogHash(await play(c))).toBe(eventLogHash(await play(c)))
      }),
      { seed: 17, numRuns: 40 },
    )
  })

  it('conservation - each accepted event and copy finishes once; only planned faults fire, each recorded', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const events = (await play(c)).events()
        const accepted = events.filter((e) => e.type === 'async.accepted')
        const injected = events.filter((e): e is Extract<SimEvent, { type: 'fault.injected' }> => e.type === 'fault.injected')
        const duplicated = new Set(injected.filter((e) => e.fault === 'duplicate').map((e) => e.requestId))
        const finished = events.filter((e) => e.type === 'async.finished').map((e) => (e.type === 'async.finished' ? `${e.requestId}#${e.copy}` : ''))
        const expected = accepted.flatMap((e) => (e.type === 'async.accepted' ? (duplicated.has(e.requestId) ? [`${e.requestId}#0`, `${e.requestId}#1`] : [`${e.requestId}#0`]) : []))
        expect([...finished].sort()).toEqual([...expected].sort())
        for (const e of injected) {
          const entry = c.faults[e.planIndex]
          expect(entry).toMatchObject({ functionName: e.functionName, invocation: e.invocation, fault: e.fault })
          if (e.fault !== 'duplicate') expect(entry?.attempt ?? 1).toBe(e.attempt)
        }
        // A planned throttle is a throttle; nothing else throttles here (no concurrency limits).
        expect(events.filter((e) => e.type === 'invocation.throttled')).toHaveLength(injected.filter((e) => e.fault === 'throttle').length)
      }),
      { seed: 18, numRuns: 40 },
    )
  })
})
