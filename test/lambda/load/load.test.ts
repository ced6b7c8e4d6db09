import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type LoadPattern, type LoadResult, type LoadSpec, type Simulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

/** `f` answers after `ms` of virtual time; an event `{ fail: true }` makes it throw. */
function sim(ms = 10, options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const s = createSimulation({ seed: 11, ...options })
  s.createFunction({
    functionName: 'f',
    code: async (event: { fail?: boolean } | null, context: { sleep(ms: number): Promise<void> }) => {
      await context.sleep(ms)
      if (event?.fail === true) throw new Error('boom')
      return 'ok'
    },
  })
  return s
}

/** Runs the pattern to the end; returns the arrival offsets (ms after T0) in arrival order. */
async function arrivals(s: Simulation, pattern: LoadPattern, extra: Partial<LoadSpec> = {}): Promise<number[]> {
  const results: LoadResult[] = []
  const run = s.generateLoad({ functionName: 'f', pattern, onResult: (r) => results.push(r), ...extra })
  await s.runUntilIdle()
  expect(run.finished).toBe(true)
  return results.sort((a, b) => a.index - b.index).map((r) => r.arrivedAtMs - T0)
}

/** How many arrivals fall in each whole second. */
function perSecond(offsets: readonly number[]): number[] {
  const counts: number[] = []
  for (const t of offsets) {
    const second = Math.floor(t / 1000)
    while (counts.length <= second) counts.push(0)
    counts[second] = (counts[second] as number) + 1
  }
  return counts
}

describe('load', () => {
  it('request ids - the same whether a handler reads them or not, and the ones the logs, events and results show', async () => {
    // A load arrival's id is minted packed and rendered only when read: reading it must change nothing.
    const run = async (read: (i: number) => boolean) => {
      const s = createSimulation({ seed: 4, recordEvents: true })
      const seen = new Map<number, string>()
      s.createFunction({
        functionName: 'f',
        code: async (event: { i: number }, context) => {
          if (read(event.i)) seen.set(event.i, context.awsRequestId)
          await context.sleep(event.i % 3 === 0 ? 5000 : 10)
          if (event.i % 4 === 0) throw new Error('boom')
        },
        timeout: 3,
      })
      s.generateLoad({ functionName: 'f', payload: (i: number) => ({ i }), pattern: { kind: 'constant', ratePerSecond: 50, duration: '1s' } })
      await s.runUntilIdle()
      return { s, seen, events: s.eventLogText(), logs: s.logs.text() }
    }
    const none = await run(() => false)
    const all = await run(() => true)
    const some = await run((i) => i % 5 === 0)
    expect(all.events).toBe(none.events)
    expect(some.logs).toBe(none.logs)
    expect(all.logs).toBe(none.logs)
    // What the handler saw is the id of its START line, its timeout message and its error event.
    const started = all.s.events().filter((e) => e.type === 'invocation.started')
    expect(started).toHaveLength(50)
    for (const [i, id] of all.seen) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(all.logs).toContain(`START RequestId: ${id} Version: $LATEST`)
      const mine = all.s.events().filter((e) => 'requestId' in e && e.requestId === id).map((e) => e.type)
      if (i % 3 === 0) expect(mine).toContain('invocation.timeout')
      else if (i % 4 === 0) expect(mine).toContain('invocation.error')
      else expect(mine).toEqual(['invocation.started', 'invocation.completed'])
    }
    expect(new Set(all.seen.values()).size).toBe(50)
    expect(some.seen.get(10)).toBe(all.seen.get(10))
  })

  // ------------------------------------------------------------ patterns

  it('constant - exact spacing of 1000 / rate ms, rate × duration arrivals', async () => {
    expect(await arrivals(sim(), { kind: 'constant', ratePerSecond: 4, duration: '2s' })).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750])
    expect(await arrivals(sim(), { kind: 'constant', ratePerSecond: 10, duration: 1000 })).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900])
  })

  it('burst - every arrival at the same instant', async () => {
    expect(await arrivals(sim(), { kind: 'burst', count: 5 })).toEqual([0, 0, 0, 0, 0])
  })

  it('steps - each step at its own rate, a 0 rate step is a pause', async () => {
    const offsets = await arrivals(sim(), {
      kind: 'steps',
      steps: [
        { ratePerSecond: 2, duration: '1s' },
        { ratePerSecond: 0, duration: '1s' },
        { ratePerSecond: 4, duration: '1s' },
      ],
    })
    expect(offsets).toEqual([0, 500, 2000, 2250, 2500, 2750])
  })

  it('ramp - constant-rate steps from the start rate to the end rate', async () => {
    const offsets = await arrivals(sim(), { kind: 'ramp', fromRatePerSecond: 2, toRatePerSecond: 6, duration: '3s' })
    expect(perSecond(offsets)).toEqual([2, 4, 6])
    expect(offsets).toEqual([0, 500, 1000, 1250, 1500, 1750, 2000, 2000 + 1000 / 6, 2000 + 2000 / 6, 2500, 2000 + 4000 / 6, 2000 + 5000 / 6].map((t) => expect.closeTo(t, 2)))
  })

  it('ramp - stepEvery sets the step length', async () => {
    const offsets = await arrivals(sim(), { kind: 'ramp', fromRatePerSecond: 0, toRatePerSecond: 10, duration: '2s', stepEvery: '500ms' })
    // 4 steps: 0, 10/3, 20/3, 10 per second, each 500 ms long.
    const perStep = [0, 0, 0, 0]
    for (const t of offsets) perStep[Math.floor(t / 500)]!++
    expect(perStep).toEqual([0, 2, 4, 5])
  })

  it('arrivals - replays the offsets, sorted', async () => {
    expect(await arrivals(sim(), { kind: 'arrivals', offsetsMs: [300, 0, 1200, 1200, 5] })).toEqual([0, 5, 300, 1200, 1200])
  })

  it('poisson - the same seed gives the same arrival times', async () => {
    const pattern: LoadPattern = { kind: 'poisson', ratePerSecond: 20, duration: '10s' }
    const a = await arrivals(sim(), pattern)
    const b = await arrivals(sim(), pattern)
    expect(a.length).toBeGreaterThan(100)
    expect(b).toEqual(a)
    const other = await arrivals(createSeeded(12), pattern)
    expect(other).not.toEqual(a)
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[i - 1] as number)
    expect(a.every((t) => t >= 0 && t < 10_000)).toBe(true)
  })

  it('poisson - the mean rate is within tolerance over many arrivals; gaps look exponential', async () => {
    const s = sim(1, { logRetention: 0, recordDecisions: false })
    const offsets = await arrivals(s, { kind: 'poisson', ratePerSecond: 200, duration: '60s' })
    // 12,000 expected; a Poisson count has sd ≈ 110, so ±3 % is over 3 sd.
    expect(offsets.length).toBeGreaterThan(12_000 * 0.97)
    expect(offsets.length).toBeLessThan(12_000 * 1.03)
    const gaps = offsets.slice(1).map((t, i) => t - (offsets[i] as number))
    const mean = gaps.reduce((x, y) => x + y, 0) / gaps.length
    expect(mean).toBeCloseTo(5, 0)
    // Exponential: about e^-1 ≈ 36.8 % of gaps exceed the mean.
    const above = gaps.filter((g) => g > 5).length / gaps.length
    expect(above).toBeGreaterThan(0.34)
    expect(above).toBeLessThan(0.4)
  })

  it('poisson - one load.poisson decision per arrival (plus the draw that ends the window)', async () => {
    const s = sim()
    const offsets = await arrivals(s, { kind: 'poisson', ratePerSecond: 5, duration: '20s' })
    const draws = s.decisions().filter((d) => d.kind === 'load.poisson')
    expect(draws).toHaveLength(offsets.length + 1)
    // The recorded draws reproduce the gaps: t_k = Σ −ln(1 − u_i) × 200 ms.
    let t = 0
    offsets.forEach((offset, i) => {
      t += -Math.log(1 - (draws[i] as { value: number }).value) * 200
      expect(offset).toBeCloseTo(t, 2) // epoch-ms doubles carry ~0.25 µs
    })
  })

  it('poisson - replaying the decisions reproduces the arrivals', async () => {
    const s = sim()
    const offsets = await arrivals(s, { kind: 'poisson', ratePerSecond: 5, duration: '5s' })
    const replayed = createSimulation({ seed: 'other', decisions: s.decisions() })
    replayed.createFunction({ functionName: 'f', code: async () => 'ok' })
    expect(await arrivals(replayed, { kind: 'poisson', ratePerSecond: 5, duration: '5s' })).toEqual(offsets)
  })

  // ------------------------------------------------------------ the run

  it('stats - sent, succeeded, failed, throttled (by reason), cold starts; finished at the end', async () => {
    const s = sim(1000)
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 3 })
    const run = s.generateLoad({ functionName: 'f', payload: (i: number) => ({ fail: i === 1 }), pattern: { kind: 'burst', count: 5 } })
    expect(run.plannedArrivals).toBe(5)
    expect(run.finished).toBe(false)
    expect(run.stats.sent).toBe(0)
    await s.advance('500ms')
    expect(run.stats).toMatchObject({ sent: 5, succeeded: 0, failed: 0, throttled: 2, inFlight: 3 })
    expect(run.finished).toBe(false)
    await s.runUntilIdle()
    expect(run.stats).toEqual({
      sent: 5,
      succeeded: 2,
      failed: 1,
      throttled: 2,
      throttledByReason: { ReservedFunctionConcurrentInvocationLimitExceeded: 2 },
      coldStarts: 3,
      inFlight: 0,
    })
    expect(run.finished).toBe(true)
  })

  it('stats - warm environments are reused across arrivals (one cold start at a slow constant rate)', async () => {
    const s = sim(10)
    const run = s.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 10, duration: '3s' } })
    expect(run.plannedArrivals).toBe(30)
    await s.runUntilIdle()
    expect(run.stats).toMatchObject({ sent: 30, succeeded: 30, coldStarts: 1 })
    expect(s.environments('f')).toHaveLength(1)
  })

  it('onResult - outcome, duration and cold start of each arrival', async () => {
    const s = sim(25)
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
    const results: LoadResult[] = []
    s.generateLoad({ functionName: 'f', pattern: { kind: 'arrivals', offsetsMs: [0, 0, 100] }, onResult: (r) => results.push(r) })
    await s.runUntilIdle()
    expect(results.sort((a, b) => a.index - b.index)).toEqual([
      { index: 0, arrivedAtMs: T0, outcome: 'success', durationMs: 25, coldStart: true },
      { index: 1, arrivedAtMs: T0, outcome: 'throttled', throttleReason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      { index: 2, arrivedAtMs: T0 + 100, outcome: 'success', durationMs: 25, coldStart: false },
    ])
  })

  it('payload - a function of the arrival index', async () => {
    const s = createSimulation({ seed: 1 })
    const seen: unknown[] = []
    s.createFunction({ functionName: 'f', code: async (event: unknown) => void seen.push(event) })
    s.generateLoad({ functionName: 'f', payload: (i: number) => ({ i }), pattern: { kind: 'constant', ratePerSecond: 1, duration: '3s' } })
    await s.runUntilIdle()
    expect(seen).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
  })

  it('startAfter - the pattern starts that long after now', async () => {
    const s = sim()
    await s.advance('1s')
    expect(await arrivals(s, { kind: 'constant', ratePerSecond: 2, duration: '1s' }, { startAfter: '2s' })).toEqual([3000, 3500])
  })

  it('qualifier - arrivals invoke the alias', async () => {
    const s = createSimulation({ seed: 1, recordEvents: true })
    s.createFunction({ functionName: 'f', code: async () => 'ok' })
    s.publishVersion({ functionName: 'f' })
    s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
    s.generateLoad({ functionName: 'f', qualifier: 'live', pattern: { kind: 'burst', count: 2 } })
    await s.runUntilIdle()
    const started = s.events().filter((e) => e.type === 'invocation.started')
    expect(started.map((e) => [e.type === 'invocation.started' && e.invokedQualifier, e.type === 'invocation.started' && e.version])).toEqual([
      ['live', '1'],
      ['live', '1'],
    ])
  })

  // ------------------------------------------------------------ refusals

  it('a refused spec throws SimulationError before any traffic: missing function', () => {
    const s = sim()
    let error: unknown
    try {
      s.generateLoad({ functionName: 'missing', pattern: { kind: 'burst', count: 1 } })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SimulationError)
    expect((error as SimulationError).code).toBe('invalid-argument')
    expect((error as SimulationError).message).toMatch(/refused before any traffic: ResourceNotFoundException: Function not found: .*:function:missing/)
  })

  it('a refused spec throws SimulationError: invalid pattern, missing qualifier', () => {
    const s = sim()
    expect(() => s.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 0, duration: '1s' } })).toThrow(SimulationError)
    expect(() => s.generateLoad({ functionName: 'f', pattern: { kind: 'burst', count: 0 } })).toThrow(SimulationError)
    expect(() => s.generateLoad({ functionName: 'f', pattern: { kind: 'nope' } as unknown as LoadPattern })).toThrow(/generateLoad pattern/)
    expect(() => s.generateLoad({ functionName: 'f', qualifier: 'nope', pattern: { kind: 'burst', count: 1 } })).toThrow(SimulationError)
  })
})

function createSeeded(seed: number): Simulation {
  const s = createSimulation({ seed })
  s.createFunction({ functionName: 'f', code: async () => 'ok' })
  return s
}
