import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LoadResult, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

interface FunctionSpec {
  /** Reserved concurrency, or undefined for the unreserved pool. */
  readonly reserved: number | undefined
  /** Handler time per invocation (ms); above 1,000 it times out (timeout 1 s). */
  readonly durationMs: number
  readonly initMs: number
  /** Every `failEvery`-th invocation throws (0: never). */
  readonly failEvery: number
  readonly offsetsMs: readonly number[]
}

interface Scenario {
  readonly accountLimit: number
  readonly functions: readonly FunctionSpec[]
}

const functionSpec = fc.record({
  reserved: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
  durationMs: fc.integer({ min: 0, max: 1500 }),
  initMs: fc.constantFrom(0, 0, 50, 300),
  failEvery: fc.constantFrom(0, 0, 2, 3),
  offsetsMs: fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }),
})

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  accountLimit: fc.integer({ min: 2, max: 20 }),
  functions: fc.array(functionSpec, { minLength: 1, maxLength: 4 }),
})

const CONCURRENCY_REASONS = new Set(['ReservedFunctionConcurrentInvocationLimitExceeded', 'ConcurrentInvocationLimitExceeded'])

interface Checked {
  readonly sim: Simulation
  readonly names: readonly string[]
  /** Reservations that the control plane accepted. */
  readonly reserved: ReadonlyMap<string, number>
  readonly violations: string[]
  readonly throttles: { reason: string; atMs: number; functionName: string }[]
  readonly results: Map<string, LoadResult[]>
}

/**
 * Builds the scenario with every limit checked at every event: per function, account-wide, and for
 * the unreserved pool. Reservations the control plane refuses (the unreserved floor) are skipped.
 */
function build(scenario: Scenario): Checked {
  const sim = createSimulation({ seed: 1, logRetention: 0, recordDecisions: false, metrics: false, concurrency: { accountLimit: scenario.accountLimit, unreservedMinimum: 1 } })
  const names = scenario.functions.map((_, i) => `f${i}`)
  const reserved = new Map<string, number>()
  scenario.functions.forEach((spec, i) => {
    const name = names[i] as string
    let calls = 0
    sim.createFunction({
      functionName: name,
      timeout: 1,
      model: { initDurationMs: spec.initMs },
      code: async (_e: unknown, context: { sleep(ms: number): Promise<void> }) => {
        calls++
        await context.sleep(spec.durationMs)
        if (spec.failEvery > 0 && calls % spec.failEvery === 0) throw new Error('boom')
        return calls
      },
    })
    if (spec.reserved !== undefined) {
      try {
        sim.putFunctionConcurrency({ functionName: name, reservedConcurrentExecutions: spec.reserved })
        reserved.set(name, spec.reserved)
      } catch {
        // below the unreserved floor: stays unreserved
      }
    }
  })
  const unreservedCapacity = scenario.accountLimit - [...reserved.values()].reduce((a, b) => a + b, 0)
  const unreservedNames = names.filter((n) => !reserved.has(n))
  const violations: string[] = []
  const throttles: Checked['throttles'] = []
  // Environments running an invocation, as the events tell it (started → completed).
  const running = new Map<string, number>()
  const check = (atMs: number, what: string, compareEvents = false): void => {
    const total = sim.concurrentExecutions()
    if (total > scenario.accountLimit) violations.push(`${what}@${atMs - T0}: account ${total} > ${scenario.accountLimit}`)
    const unreserved = unreservedNames.reduce((s, n) => s + sim.concurrentExecutions(n), 0)
    if (unreserved > unreservedCapacity) violations.push(`${what}@${atMs - T0}: unreserved ${unreserved} > ${unreservedCapacity}`)
    let sum = 0
    for (const name of names) {
      const inUse = sim.concurrentExecutions(name)
      sum += inUse
      const limit = reserved.get(name)
      if (limit !== undefined && inUse > limit) violations.push(`${what}@${atMs - T0}: ${name} ${inUse} > reserved ${limit}`)
      const seen = running.get(name) ?? 0
      // Started-but-not-completed invocations hold a lease (admitted ones still in init do too).
      // (Only compared at start/throttle/completion: within a completion the lease goes back a few
      // events before `invocation.completed`.)
      if (compareEvents && seen > inUse) violations.push(`${what}@${atMs - T0}: ${name} events say ${seen} running, pools ${inUse}`)
      if (limit !== undefined && seen > limit) violations.push(`${what}@${atMs - T0}: ${name} events ${seen} > reserved ${limit}`)
    }
    if (sum !== total) violations.push(`${what}@${atMs - T0}: per-function sum ${sum} ≠ total ${total}`)
  }
  sim.on('invocation.started', (e) => {
    running.set(e.functionName, (running.get(e.functionName) ?? 0) + 1)
    check(e.atMs, 'started', true)
  })
  sim.on('invocation.completed', (e) => {
    running.set(e.functionName, (running.get(e.functionName) ?? 0) - 1)
    check(e.atMs, 'completed', true)
  })
  sim.on('invocation.throttled', (e) => {
    throttles.push({ reason: e.reason, atMs: e.atMs, functionName: e.functionName })
    check(e.atMs, 'throttled', true)
    // (3) a concurrency throttle only when the applicable limit is reached exactly at this instant.
    if (e.reason === 'ReservedFunctionConcurrentInvocationLimitExceeded') {
      const limit = reserved.get(e.functionName)
      const inUse = sim.concurrentExecutions(e.functionName)
      if (limit === undefined || inUse !== limit) violations.push(`throttle@${e.atMs - T0}: ${e.functionName} reserved ${String(limit)} but ${inUse} running`)
    } else if (e.reason === 'ConcurrentInvocationLimitExceeded') {
      const unreserved = unreservedNames.reduce((s, n) => s + sim.concurrentExecutions(n), 0)
      if (reserved.has(e.functionName) || unreserved !== unreservedCapacity) {
        violations.push(`throttle@${e.atMs - T0}: ${e.functionName} unreserved ${unreserved} of ${unreservedCapacity}`)
      }
    } else if (e.reason !== 'CallerRateLimitExceeded') {
      violations.push(`throttle@${e.atMs - T0}: unexpected reason ${e.reason}`)
    }
  })
  sim.on('*', (e) => check(e.atMs, e.type))
  const results = new Map<string, LoadResult[]>()
  scenario.functions.forEach((spec, i) => {
    const name = names[i] as string
    const list: LoadResult[] = []
    results.set(name, list)
    if (spec.offsetsMs.length > 0) sim.generateLoad({ functionName: name, pattern: { kind: 'arrivals', offsetsMs: [...spec.offsetsMs] }, onResult: (r) => list.push(r) })
  })
  return { sim, names, reserved, violations, throttles, results }
}

describe('properties/concurrency', () => {
  it('(1) running environments never exceed any applicable limit, at any virtual instant', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { sim, violations } = build(scenario)
        await sim.runUntilIdle()
        expect(violations).toEqual([])
      }),
      { numRuns: 60 },
    )
  })

  it('(2) every lease is released exactly once: no invariant error, in-use back to 0, every arrival answered', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const { sim, names, results, violations } = build(scenario)
        let started = 0
        let completed = 0
        sim.on('invocation.started', () => started++)
        sim.on('invocation.completed', () => completed++)
        await sim.runUntilIdle() // a double release would throw out of here
        expect(violations).toEqual([])
        expect(sim.concurrentExecutions()).toBe(0)
        for (const name of names) expect(sim.concurrentExecutions(name)).toBe(0)
        expect(completed).toBe(started)
        scenario.functions.forEach((spec, i) => {
          const list = results.get(names[i] as string) ?? []
          expect(list).toHaveLength(spec.offsetsMs.length)
          expect(new Set(list.map((r) => r.index)).size).toBe(spec.offsetsMs.length)
        })
        // No environment is left busy.
        expect(sim.environments().filter((e) => e.state !== 'idle')).toEqual([])
      }),
      { numRuns: 60 },
    )
  })

  it('(3) a concurrency throttle happens only when the applicable limit is reached at that instant', async () => {
    // Dense arrivals so throttles are common.
    const dense = scenarios.map((s) => ({ ...s, functions: s.functions.map((f) => ({ ...f, offsetsMs: f.offsetsMs.map((t) => t % 400) })) }))
    let throttled = 0
    await fc.assert(
      fc.asyncProperty(dense, async (scenario) => {
        const { sim, violations, throttles } = build(scenario)
        await sim.runUntilIdle()
        expect(violations).toEqual([])
        throttled += throttles.filter((t) => CONCURRENCY_REASONS.has(t.reason)).length
      }),
      { numRuns: 60 },
    )
    // The property was exercised, not vacuous.
    expect(throttled).toBeGreaterThan(0)
  })

  it('(3) reserved functions: with no throttle, every invocation ran; with a reservation, never more admitted than R at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 40 }), async (r, n) => {
        const sim = createSimulation({ seed: 2, logRetention: 0 })
        sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(100)) })
        sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: r })
        const results = await Promise.all(Array.from({ length: n }, () => sim.invoke({ functionName: 'f' })))
        expect(results.filter((x) => x.statusCode === 200)).toHaveLength(Math.min(r, n))
        expect(results.filter((x) => x.statusCode === 429)).toHaveLength(Math.max(0, n - r))
      }),
      { numRuns: 30 },
    )
  })

  it('(4) per-function scaling: a burst takes 1,000 at once, then 100 new environments per second as demand arrives', async () => {
    // B requests at t=0, then one request every `gap` ms until 5 s; every request runs 30 s, so no
    // environment is reused and each admission costs a token. Hand-computed: the bucket is empty
    // after t=0 and refills 1 token per 10 ms; with gap ≤ 10 (dividing 10) one arrival per 10 ms
    // is admitted, with gap ≥ 10 every arrival is.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 3000 }), fc.constantFrom(1, 2, 5, 10, 20, 50), async (burst, gap) => {
        const sim = createSimulation({ seed: 3, logRetention: 0, recordDecisions: false, metrics: false, concurrency: { accountLimit: 20_000 } })
        sim.createFunction({ functionName: 'f', timeout: 60, code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(30_000)) })
        const later = Array.from({ length: Math.floor(5000 / gap) }, (_, k) => (k + 1) * gap)
        const admittedAt: number[] = []
        const throttledAt: number[] = []
        const reasons = new Set<string>()
        sim.generateLoad({
          functionName: 'f',
          pattern: { kind: 'arrivals', offsetsMs: [...Array(burst).fill(0), ...later] },
          onResult: (r) => {
            ;(r.outcome === 'throttled' ? throttledAt : admittedAt).push(r.arrivedAtMs - T0)
            if (r.throttleReason !== undefined) reasons.add(r.throttleReason)
          },
        })
        await sim.runUntilIdle()
        const atZero = admittedAt.filter((t) => t === 0).length
        expect(atZero).toBe(1000)
        expect(throttledAt.filter((t) => t === 0)).toHaveLength(burst - 1000)
        const perSecond = [0, 0, 0, 0, 0]
        for (const t of admittedAt) if (t > 0) perSecond[Math.min(4, Math.floor((t - 1) / 1000))]!++
        const expected = gap <= 10 ? 100 : 1000 / gap
        expect(perSecond).toEqual([expected, expected, expected, expected, expected])
        expect(admittedAt).toHaveLength(1000 + 5 * expected)
        expect([...reasons]).toEqual(throttledAt.length > 0 ? ['FunctionInvocationRateLimitExceeded'] : [])
      }),
      { numRuns: 8 },
    )
  })

  it('(4) account-burst scaling: the burst at once, then +500 per minute of sustained demand', async () => {
    // 1,500 requests (more than any burst) at 0 s, 60 s, 120 s and 180 s, each running ~15 minutes.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(100, 500, 1000), async (burst) => {
        const sim = createSimulation({
          seed: 4,
          logRetention: 0,
          recordDecisions: false,
          metrics: false,
          concurrency: { accountLimit: 5000, scalingModel: 'account-burst', burst },
        })
        sim.createFunction({ functionName: 'f', timeout: 900, code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(890_000)) })
        const minutes = [0, 60_000, 120_000, 180_000]
        const admitted = new Map<number, number>()
        const reasons = new Set<string>()
        sim.generateLoad({
          functionName: 'f',
          pattern: { kind: 'arrivals', offsetsMs: minutes.flatMap((t) => Array(1500).fill(t) as number[]) },
          onResult: (r) => {
            if (r.outcome === 'throttled') reasons.add(r.throttleReason ?? '')
            else admitted.set(r.arrivedAtMs - T0, (admitted.get(r.arrivedAtMs - T0) ?? 0) + 1)
          },
        })
        await sim.advance('181s')
        expect(sim.concurrentExecutions('f')).toBe(burst + 3 * 500)
        await sim.runUntilIdle()
        expect(minutes.map((t) => admitted.get(t) ?? 0)).toEqual([burst, 500, 500, 500])
        expect([...reasons]).toEqual(['ConcurrentInvocationLimitExceeded'])
      }),
      { numRuns: 3 },
    )
  })
})
