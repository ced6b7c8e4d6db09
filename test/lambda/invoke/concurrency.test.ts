import { describe, expect, it } from 'vitest'
import { createSimulation, LambdaError, type InvokeResult, type Simulation } from '../../../src/index.js'
import type { InvocationStartedEvent, SimEvent } from '../../../src/observability/events.js'
import { decodeLogResult } from '../../../src/testing/index.js'

const T0 = Date.UTC(2024, 0, 1)

/** A function that holds its environment for `ms` of virtual time. */
function sleeper(sim: Simulation, functionName: string, ms = 1000): void {
  sim.createFunction({
    functionName,
    code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
      await context.sleep(ms)
      return 'ok'
    },
  })
}

function invokeMany(sim: Simulation, functionName: string, n: number, qualifier?: string): Promise<InvokeResult[]> {
  return Promise.all(Array.from({ length: n }, () => sim.invoke({ functionName, ...(qualifier !== undefined ? { qualifier } : {}) })))
}

function throttleReasons(results: readonly InvokeResult[]): string[] {
  return results.filter((r) => r.statusCode === 429).map((r) => (r.error?.toJSON() as { Reason: string }).Reason)
}

function ok(results: readonly InvokeResult[]): number {
  return results.filter((r) => r.statusCode === 200).length
}

function startedEvents(sim: Simulation): InvocationStartedEvent[] {
  return sim.events().filter((e): e is InvocationStartedEvent => e.type === 'invocation.started')
}

function ofType<T extends SimEvent['type']>(sim: Simulation, type: T): Extract<SimEvent, { type: T }>[] {
  return sim.events().filter((e) => e.type === type) as Extract<SimEvent, { type: T }>[]
}

/**
 * `pc`: init counted, 250 ms modelled init; the handler reports its initialization type.
 * Version 1 and 2 published, alias `live` → 1.
 */
function provisionedSetup(options: Parameters<typeof createSimulation>[0] = {}): { sim: Simulation; inits: () => number } {
  const sim = createSimulation({ seed: 7, recordEvents: true, concurrency: { provisionedReadyDelay: '30s' }, ...options })
  let inits = 0
  sim.createFunction({
    functionName: 'pc',
    model: { initDurationMs: 250 },
    code: {
      init: () => {
        inits++
        return async (_event: unknown, context: { sleep(ms: number): Promise<void>; env: Record<string, string>; functionVersion: string }) => {
          await context.sleep(1000)
          return { type: context.env['AWS_LAMBDA_INITIALIZATION_TYPE'], version: context.functionVersion }
        }
      },
    },
  })
  sim.publishVersion({ functionName: 'pc' })
  sim.updateFunctionConfiguration({ functionName: 'pc', description: 'two' })
  sim.publishVersion({ functionName: 'pc' })
  sim.createAlias({ functionName: 'pc', name: 'live', functionVersion: '1' })
  return { sim, inits: () => inits }
}

describe('concurrency (end to end)', () => {
  // ------------------------------------------------------------ reserved concurrency

  it('reserved concurrency R - N simultaneous invokes: exactly R succeed, N − R get 429 TooManyRequestsException', async () => {
    const sim = createSimulation({ seed: 1 })
    sleeper(sim, 'f')
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 5 })
    const results = await invokeMany(sim, 'f', 8)
    expect(ok(results)).toBe(5)
    const throttled = results.filter((r) => r.statusCode === 429)
    expect(throttled).toHaveLength(3)
    for (const r of throttled) {
      expect(r.error).toBeInstanceOf(LambdaError)
      expect(r.error?.name).toBe('TooManyRequestsException')
      expect(r.error?.toJSON()).toEqual({ Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' })
      expect(r.payload).toEqual({ Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' })
      expect(r.executedVersion).toBeUndefined()
    }
    // Throttled requests are refused at arrival; the 5 admitted ones finish 1 s later.
    expect(sim.nowMs).toBe(T0 + 1000)
  })

  it('reserved concurrency - capacity comes back when invocations finish', async () => {
    const sim = createSimulation({ seed: 1 })
    sleeper(sim, 'f')
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 2 })
    expect(ok(await invokeMany(sim, 'f', 3))).toBe(2)
    expect(sim.concurrentExecutions('f')).toBe(0)
    expect(ok(await invokeMany(sim, 'f', 2))).toBe(2)
  })

  it('reserved concurrency 0 - every invocation throttled with ReservedFunctionConcurrentInvocationLimitExceeded', async () => {
    const sim = createSimulation({ seed: 1 })
    sleeper(sim, 'f')
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 0 })
    const results = await invokeMany(sim, 'f', 3)
    expect(throttleReasons(results)).toEqual(Array(3).fill('ReservedFunctionConcurrentInvocationLimitExceeded'))
    expect(sim.environments('f')).toEqual([])
  })

  // ------------------------------------------------------------ account limit

  it('account limit - unreserved functions share accountLimit − reservations → ConcurrentInvocationLimitExceeded', async () => {
    const sim = createSimulation({ seed: 1, concurrency: { accountLimit: 150, unreservedMinimum: 10 } })
    sleeper(sim, 'a')
    sleeper(sim, 'b')
    sleeper(sim, 'r')
    sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 40 })
    // Unreserved pool: 150 − 40 = 110, shared by a and b.
    const [a, b] = await Promise.all([invokeMany(sim, 'a', 70), invokeMany(sim, 'b', 60)])
    expect(ok(a)).toBe(70)
    expect(ok(b)).toBe(40)
    expect(throttleReasons(b)).toEqual(Array(20).fill('ConcurrentInvocationLimitExceeded'))
  })

  it('account limit - a reserved function keeps its capacity while the unreserved pool is exhausted', async () => {
    const sim = createSimulation({ seed: 1, concurrency: { accountLimit: 150, unreservedMinimum: 10 } })
    sleeper(sim, 'a')
    sleeper(sim, 'r')
    sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 40 })
    const seen: number[] = []
    sim.on('invocation.started', () => seen.push(sim.concurrentExecutions()))
    const [a, r] = await Promise.all([invokeMany(sim, 'a', 130), invokeMany(sim, 'r', 45)])
    expect(ok(a)).toBe(110)
    expect(throttleReasons(a)).toEqual(Array(20).fill('ConcurrentInvocationLimitExceeded'))
    expect(ok(r)).toBe(40)
    expect(throttleReasons(r)).toEqual(Array(5).fill('ReservedFunctionConcurrentInvocationLimitExceeded'))
    expect(Math.max(...seen)).toBe(150)
  })

  it('account limit - the unreserved pool follows every change to reservations and provisioned concurrency at once', async () => {
    const { sim } = provisionedSetup({ concurrency: { accountLimit: 150, unreservedMinimum: 10, provisionedReadyDelay: '30s' } })
    sleeper(sim, 'a')
    sleeper(sim, 'r')
    // Each burst also asks for (and so caches) the pool's size before the next change.
    const burst = async (): Promise<number> => ok(await invokeMany(sim, 'a', 160))
    expect(await burst()).toBe(150)
    sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 40 })
    expect(await burst()).toBe(110)
    sim.deleteFunctionConcurrency({ functionName: 'r' })
    expect(await burst()).toBe(150)
    sim.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 40 })
    expect(await burst()).toBe(110)
    sim.deleteFunction({ functionName: 'r' })
    expect(await burst()).toBe(150)
    // Provisioned concurrency of a function without a reservation counts once allocated.
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 20 })
    expect(await burst()).toBe(150)
    // Allocation starts at 30 s; the environments count as their inits end (30.25 s), during this burst.
    await sim.advance('29100ms')
    expect(await burst()).toBe(150)
    expect(await burst()).toBe(130)
    sim.updateAlias({ functionName: 'pc', name: 'live', functionVersion: '2' })
    expect(await burst()).toBe(150)
    await sim.advance('31s')
    expect(await burst()).toBe(130)
    sim.deleteProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })
    expect(await burst()).toBe(150)
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 20 })
    await sim.advance('31s')
    expect(await burst()).toBe(130)
    sim.deleteAlias({ functionName: 'pc', name: 'live' })
    expect(await burst()).toBe(150)
  })

  it('reserved concurrency - a function\'s limit follows its reservation and provisioned allocation at once', async () => {
    const { sim } = provisionedSetup()
    // Each burst also asks for (and so caches) the function's capacity before the next change.
    const burst = async (): Promise<number> => ok(await invokeMany(sim, 'pc', 10))
    expect(await burst()).toBe(10)
    sim.putFunctionConcurrency({ functionName: 'pc', reservedConcurrentExecutions: 5 })
    expect(await burst()).toBe(5)
    sim.putFunctionConcurrency({ functionName: 'pc', reservedConcurrentExecutions: 7 })
    expect(await burst()).toBe(7)
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 3 })
    expect(await burst()).toBe(7)
    await sim.advance('31s')
    expect(await burst()).toBe(4)
    sim.deleteProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })
    expect(await burst()).toBe(7)
    sim.deleteFunctionConcurrency({ functionName: 'pc' })
    expect(await burst()).toBe(10)
  })

  it('account limit - the Region request rate (10 × account limit per second) → CallerRateLimitExceeded, "Rate exceeded"', async () => {
    const sim = createSimulation({ seed: 1, concurrency: { accountLimit: 10, unreservedMinimum: 0 } })
    sim.createFunction({ functionName: 'fast', code: async () => 'ok' })
    // Two at a time, at one virtual instant: concurrency never exceeds 2, the rate refuses the last pair.
    const results: InvokeResult[] = []
    for (let i = 0; i < 51; i++) results.push(...(await Promise.all([sim.invoke({ functionName: 'fast' }), sim.invoke({ functionName: 'fast' })])))
    expect(sim.nowMs).toBe(T0)
    expect(ok(results)).toBe(100)
    const refused = results.slice(100)
    for (const r of refused) {
      expect(r.statusCode).toBe(429)
      expect(r.error?.name).toBe('TooManyRequestsException')
      expect(r.error?.toJSON()).toEqual({ Reason: 'CallerRateLimitExceeded', Type: 'User', message: 'Rate exceeded' })
      expect(r.payload).toStrictEqual(r.error?.toJSON())
      expect(r.payloadJson).toBe('{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}')
    }
    // Each answer has its own body and error.
    expect(refused[0]?.payload).not.toBe(refused[1]?.payload)
    expect(refused[0]?.error).not.toBe(refused[1]?.error)
    // A second later the window has room again.
    await sim.advance('1s')
    expect((await Promise.all([sim.invoke({ functionName: 'fast' }), sim.invoke({ functionName: 'fast' })])).map((r) => r.statusCode)).toEqual([200, 200])
  })

  it('account limit - a lone caller awaiting each answer is not counted toward the request rate (issue 19)', async () => {
    const sim = createSimulation({ seed: 1, concurrency: { accountLimit: 10, unreservedMinimum: 0 } })
    sim.createFunction({ functionName: 'fast', code: async () => 'ok' })
    const results: InvokeResult[] = []
    // One at a time at the same virtual instant: a real caller spends a round trip on each, so it
    // never reaches 100 requests a second; lambda-sim does not throttle it.
    for (let i = 0; i < 300; i++) results.push(await sim.invoke({ functionName: 'fast' }))
    expect(sim.nowMs).toBe(T0)
    expect(ok(results)).toBe(300)
    // Nor did it use up the window: a burst at the same instant still gets the whole rate.
    const burst = sim.generateLoad({ functionName: 'fast', pattern: { kind: 'burst', count: 102 } })
    await sim.runUntilIdle()
    expect([burst.stats.succeeded, burst.stats.throttledByReason]).toEqual([100, { CallerRateLimitExceeded: 2 }])
    // Two requests awaited together are concurrent: both counted (and refused, the window being full).
    const pair = await Promise.all([sim.invoke({ functionName: 'fast' }), sim.invoke({ functionName: 'fast' })])
    expect(pair.map((r) => r.statusCode)).toEqual([429, 429])
  })

  it('account limit - a lone caller stays lone after a drive that failed with its request unanswered (issue 19)', async () => {
    const sim = createSimulation({ seed: 1, concurrency: { accountLimit: 10, unreservedMinimum: 0 } })
    sim.createFunction({ functionName: 'fast', code: async () => 'ok' })
    // A handler that drives its own simulation: a misuse that ends the drive before its answer.
    sim.createFunction({ functionName: 'reentrant', code: async () => sim.invoke({ functionName: 'fast' }) })
    await expect(sim.invoke({ functionName: 'reentrant' })).rejects.toThrow(/reentrant-drive|inside a handler/)
    const results: InvokeResult[] = []
    for (let i = 0; i < 150; i++) results.push(await sim.invoke({ functionName: 'fast' }))
    expect(ok(results)).toBe(150)
  })

  // ------------------------------------------------------------ scaling rate

  it('per-function scaling - a burst beyond 1,000 new environments → FunctionInvocationRateLimitExceeded', async () => {
    const sim = createSimulation({ seed: 1, logRetention: 0, recordDecisions: false, concurrency: { accountLimit: 5000 } })
    sleeper(sim, 'f')
    const results = await invokeMany(sim, 'f', 1005)
    expect(ok(results)).toBe(1000)
    expect(throttleReasons(results)).toEqual(Array(5).fill('FunctionInvocationRateLimitExceeded'))
  })

  // ------------------------------------------------------------ provisioned concurrency

  it('provisioned concurrency - environments are created and initialised at allocation; READY after the delay', async () => {
    const { sim, inits } = provisionedSetup()
    expect(sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 3 }).status).toBe('IN_PROGRESS')
    await sim.advance('29s')
    expect(sim.environments('pc')).toEqual([])
    await sim.advance('2s')
    expect(sim.getProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })).toMatchObject({
      status: 'READY',
      allocatedProvisionedConcurrentExecutions: 3,
      availableProvisionedConcurrentExecutions: 3,
    })
    expect(inits()).toBe(3)
    const created = ofType(sim, 'environment.created')
    expect(created.map((e) => [e.atMs, e.initializationType, e.provisionedFor, e.version])).toEqual(Array(3).fill([T0 + 30_000, 'provisioned-concurrency', 'live', '1']))
    expect(ofType(sim, 'environment.initialized').map((e) => [e.atMs, e.initDurationMs, e.status])).toEqual(Array(3).fill([T0 + 30_250, 250, 'success']))
    expect(sim.environments('pc').map((e) => [e.provisionedFor, e.initialized, e.state])).toEqual(Array(3).fill(['live', true, 'idle']))
  })

  it('provisioned concurrency - invocations through the alias use it: no cold start, no Init Duration, provisioned-concurrency type', async () => {
    const { sim, inits } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    await sim.advance('31s')
    const r = await sim.invoke({ functionName: 'pc', qualifier: 'live', logType: 'Tail' })
    expect(r.payload).toEqual({ type: 'provisioned-concurrency', version: '1' })
    const log = decodeLogResult(r.logResult)
    expect(log).toMatch(/REPORT RequestId: /)
    expect(log).not.toMatch(/Init Duration/)
    expect(log).not.toMatch(/INIT_START/)
    expect(inits()).toBe(2)
    const [started] = startedEvents(sim)
    expect(started).toMatchObject({ coldStart: false, provisioned: true, spillover: false, invokedQualifier: 'live' })
    expect(ofType(sim, 'invocation.completed')[0]?.initDurationMs).toBeUndefined()
    expect(sim.environments('pc')).toHaveLength(2)
  })

  it('provisioned concurrency - beyond PC, invocations spill over to on-demand (cold) environments', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 3 })
    await sim.advance('31s')
    const results = await invokeMany(sim, 'pc', 5, 'live')
    expect(results.map((r) => r.payload)).toEqual([
      ...Array(3).fill({ type: 'provisioned-concurrency', version: '1' }),
      ...Array(2).fill({ type: 'on-demand', version: '1' }),
    ])
    expect(startedEvents(sim).map((e) => [e.provisioned, e.spillover, e.coldStart])).toEqual([
      ...Array(3).fill([true, false, false]),
      ...Array(2).fill([false, true, true]),
    ])
    expect(sim.environments('pc').filter((e) => e.provisionedFor === undefined)).toHaveLength(2)
  })

  it('provisioned concurrency - invoking the version directly does not use the alias\'s PC', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    await sim.advance('31s')
    const r = await sim.invoke({ functionName: 'pc', qualifier: '1' })
    expect(r.payload).toEqual({ type: 'on-demand', version: '1' })
    expect(startedEvents(sim)[0]).toMatchObject({ provisioned: false, spillover: false, coldStart: true })
  })

  it('provisioned concurrency - before READY the alias runs on demand', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    const r = await sim.invoke({ functionName: 'pc', qualifier: 'live' })
    expect(r.payload).toEqual({ type: 'on-demand', version: '1' })
    expect(startedEvents(sim)[0]).toMatchObject({ provisioned: false, spillover: false })
  })

  it('provisioned concurrency - on a version: invocations of that version use it', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: '2', provisionedConcurrentExecutions: 1 })
    await sim.advance('31s')
    expect((await sim.invoke({ functionName: 'pc', qualifier: '2' })).payload).toEqual({ type: 'provisioned-concurrency', version: '2' })
  })

  it('provisioned concurrency - an alias with weights splits its environments by weight (10 at 0.3 → 7 + 3)', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 10 })
    await sim.advance('31s')
    sim.updateAlias({ functionName: 'pc', name: 'live', routingConfig: { additionalVersionWeights: { '2': 0.3 } } })
    await sim.advance('31s')
    const byVersion = (version: string): number => sim.environments('pc').filter((e) => e.provisionedFor === 'live' && e.version === version).length
    expect([byVersion('1'), byVersion('2')]).toEqual([7, 3])
    expect(sim.getProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })).toMatchObject({ status: 'READY', allocatedProvisionedConcurrentExecutions: 10 })
    // Both versions' invocations through the alias land on provisioned environments.
    const results = await invokeMany(sim, 'pc', 4, 'live')
    for (const r of results) expect((r.payload as { type: string }).type).toBe('provisioned-concurrency')
  })

  it('provisioned concurrency - deleting the config retires its environments', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 3 })
    await sim.advance('31s')
    expect(sim.environments('pc')).toHaveLength(3)
    sim.deleteProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })
    expect(sim.environments('pc')).toEqual([])
    expect(ofType(sim, 'environment.reclaimed').map((e) => e.reason)).toEqual(Array(3).fill('deprovisioned'))
    expect((await sim.invoke({ functionName: 'pc', qualifier: 'live' })).payload).toEqual({ type: 'on-demand', version: '1' })
  })

  it('provisioned concurrency - deleting while busy retires the busy environment when its invocation ends', async () => {
    const { sim } = provisionedSetup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 2 })
    await sim.advance('31s')
    const run = sim.generateLoad({ functionName: 'pc', qualifier: 'live', pattern: { kind: 'burst', count: 1 } })
    await sim.advance('500ms')
    expect(sim.concurrentExecutions('pc')).toBe(1)
    sim.deleteProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live' })
    expect(sim.environments('pc').map((e) => e.state)).toEqual(['busy'])
    await sim.runUntilIdle()
    expect(run.stats).toMatchObject({ succeeded: 1, coldStarts: 0 })
    expect(startedEvents(sim)[0]).toMatchObject({ provisioned: true })
    expect(sim.environments('pc')).toEqual([])
    expect(ofType(sim, 'environment.reclaimed').map((e) => [e.atMs, e.reason])).toEqual([
      [T0 + 31_500, 'deprovisioned'],
      [T0 + 32_000, 'deprovisioned'],
    ])
    expect(sim.concurrentExecutions('pc')).toBe(0)
  })

  it('provisioned concurrency - an init failure → status FAILED with a statusReason', async () => {
    const sim = createSimulation({ seed: 7, concurrency: { provisionedReadyDelay: '10s' } })
    sim.createFunction({
      functionName: 'broken',
      code: {
        init: () => {
          throw new Error('no database')
        },
      },
    })
    sim.publishVersion({ functionName: 'broken' })
    sim.putProvisionedConcurrencyConfig({ functionName: 'broken', qualifier: '1', provisionedConcurrentExecutions: 2 })
    await sim.advance('11s')
    const config = sim.getProvisionedConcurrencyConfig({ functionName: 'broken', qualifier: '1' })
    expect(config.status).toBe('FAILED')
    expect(config.statusReason).toMatch(/^FUNCTION_ERROR_INIT_FAILURE: .*no database/)
    expect(sim.environments('broken').filter((e) => e.provisionedFor !== undefined)).toEqual([])
  })

  it('provisioned concurrency - PC counts toward reserved: on-demand spillover gets R − PC', async () => {
    const { sim } = provisionedSetup()
    sim.putFunctionConcurrency({ functionName: 'pc', reservedConcurrentExecutions: 5 })
    sim.putProvisionedConcurrencyConfig({ functionName: 'pc', qualifier: 'live', provisionedConcurrentExecutions: 3 })
    await sim.advance('31s')
    const results = await invokeMany(sim, 'pc', 8, 'live')
    // 3 provisioned + (5 − 3) on demand; $LATEST shares the same 2 on-demand slots.
    expect(ok(results)).toBe(5)
    expect(throttleReasons(results)).toEqual(Array(3).fill('ReservedFunctionConcurrentInvocationLimitExceeded'))
  })

  // ------------------------------------------------------------ metrics of throttles

  it('throttled invocations count in Throttles, not in Invocations or Errors', async () => {
    const sim = createSimulation({ seed: 1 })
    sleeper(sim, 'f')
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 2 })
    await invokeMany(sim, 'f', 5)
    const sum = (metricName: 'Invocations' | 'Errors' | 'Throttles'): number =>
      (sim.metrics?.getMetricStatistics({ metricName, dimensions: { FunctionName: 'f' }, statistics: ['Sum'] }) ?? []).reduce((s, p) => s + (p.Sum ?? 0), 0)
    expect([sum('Invocations'), sum('Errors'), sum('Throttles')]).toEqual([2, 0, 3])
  })

  it('invocation.throttled - one event per throttle with the reason and qualifier', async () => {
    const sim = createSimulation({ seed: 1, recordEvents: true })
    sleeper(sim, 'f')
    sim.publishVersion({ functionName: 'f' })
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
    await invokeMany(sim, 'f', 3, '1')
    expect(ofType(sim, 'invocation.throttled').map((e) => [e.atMs, e.functionName, e.invokedQualifier, e.reason])).toEqual(
      Array(2).fill([T0, 'f', '1', 'ReservedFunctionConcurrentInvocationLimitExceeded']),
    )
  })
})
