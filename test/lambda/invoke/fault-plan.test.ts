import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type AsyncFinishedEvent, type FaultInjectedEvent, type FaultSpec, type LambdaContext, type SimEvent, type Simulation } from '../../../src/index.js'
import { eventLogHash } from '../../../src/testing/index.js'

const START = Date.UTC(2024, 0, 1)
const seconds = (ms: number): number => (ms - START) / 1000

/** A function that counts its runs, works 40 ms and answers `ok`. */
function counted(sim: Simulation, functionName = 'f', timeout = 2): { runs: number } {
  const state = { runs: 0 }
  sim.createFunction({
    functionName,
    timeout,
    code: async (event: unknown, context: LambdaContext) => {
      state.runs++
      await context.sleep(40)
      return 'ok'
    },
  })
  return state
}

function of<T extends SimEvent['type']>(sim: Simulation, type: T): Extract<SimEvent, { type: T }>[] {
  return sim.events().filter((e): e is Extract<SimEvent, { type: T }> => e.type === type)
}

function planned(faults: FaultSpec[], seed = 1): Simulation {
  return createSimulation({ seed, recordEvents: true, faults })
}

describe('fault-plan', () => {
  describe('synchronous invoke', () => {
    it('error - the handler runs, then the caller gets an Unhandled error with an Invoke Error log line', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'error', errorType: 'PaymentGatewayError', errorMessage: 'socket hang up' }])
      const state = counted(sim)
      const result = await sim.invoke({ functionName: 'f', logType: 'Tail' })
      expect(state.runs).toBe(1)
      expect(result.statusCode).toBe(200)
      expect(result.functionError).toBe('Unhandled')
      expect(result.payload).toMatchObject({ errorType: 'PaymentGatewayError', errorMessage: 'socket hang up' })
      expect(Buffer.from(result.logResult ?? '', 'base64').toString()).toMatch(/ERROR\tInvoke Error \t\{"errorType":"PaymentGatewayError","errorMessage":"socket hang up"/)
      expect(of(sim, 'invocation.completed')).toMatchObject([{ status: 'error', errorType: 'PaymentGatewayError', durationMs: 40 }])
      // Only the named invocation fails.
      expect((await sim.invoke({ functionName: 'f' })).payload).toBe('ok')
    })

    it('timeout - the handler runs, its result is dropped, and the attempt ends at the timeout with Sandbox.Timedout', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'timeout' }])
      const state = counted(sim, 'f', 2)
      const result = await sim.invoke({ functionName: 'f' })
      expect(state.runs).toBe(1)
      expect(result.payload).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 2.00 seconds` })
      expect(seconds(sim.nowMs)).toBe(2)
      expect(of(sim, 'environment.reset')).toMatchObject([{ reason: 'timeout' }])
    })

    it('crash - Runtime.ExitError and an environment reset, as after context.exit(1)', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'crash' }])
      counted(sim)
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 1` })
      expect(of(sim, 'environment.reset')).toMatchObject([{ reason: 'crash' }])
      // The reset environment initialises again for the next invocation.
      await sim.invoke({ functionName: 'f' })
      expect(of(sim, 'environment.initStarted')).toHaveLength(2)
    })

    it('throttle - the caller gets 429 TooManyRequestsException and the handler never runs', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'throttle' }])
      const state = counted(sim)
      const result = await sim.invoke({ functionName: 'f' })
      expect(state.runs).toBe(0)
      expect(result.statusCode).toBe(429)
      expect(result.error?.name).toBe('TooManyRequestsException')
      expect(result.payload).toEqual({ Reason: 'ConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' })
      expect(of(sim, 'invocation.throttled')).toMatchObject([{ functionName: 'f', reason: 'ConcurrentInvocationLimitExceeded' }])
      const throttles = sim.metrics?.getMetricStatistics({ metricName: 'Throttles', dimensions: { FunctionName: 'f' }, statistics: ['Sum'] })
      expect(throttles?.map((p) => p.Sum)).toEqual([1])
    })

    it('duplicate - does not apply to a synchronous call', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'duplicate' }])
      const state = counted(sim)
      await sim.invoke({ functionName: 'f' })
      expect(state.runs).toBe(1)
      expect(of(sim, 'fault.injected')).toEqual([])
    })
  })

  describe('asynchronous invoke', () => {
    it('error - the event is retried a minute later under the same request id, and the handler ran both times', async () => {
      const sim = planned([{ functionName: 'f', invocation: 1, fault: 'error' }])
      const state = counted(sim)
      const accepted = await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      await sim.runUntilIdle()
      expect(state.runs).toBe(2)
      expect(of(sim, 'invocation.started').map((e) => [seconds(e.atMs), e.requestId])).toEqual([
        [0, accepted.requestId],
        [60.04, accepted.requestId],
      ])
      expect(of(sim, 'async.finished')).toMatchObject([{ status: 'succeeded', approximateInvokeCount: 2 }])
    })

    it('timeout and crash - count as function errors: retried until MaximumRetryAttempts, then the failure routes', async () => {
      const sim = planned([
        { functionName: 'f', invocation: 1, attempt: 1, fault: 'timeout' },
        { functionName: 'f', invocation: 1, attempt: 2, fault: 'crash' },
      ])
      counted(sim, 'f', 1)
      sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
      await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      await sim.runUntilIdle()
      expect(of(sim, 'invocation.completed').map((e) => [seconds(e.startedAtMs), e.status, e.errorType])).toEqual([
        [0, 'timeout', 'Sandbox.Timedout'],
        [61, 'crash', 'Runtime.ExitError'],
      ])
      expect(of(sim, 'async.finished')).toMatchObject([{ status: 'failed', condition: 'RetriesExhausted', approximateInvokeCount: 2 }])
    })

    it('throttle - the queue backs off 1 s and tries again without using up a retry', async () => {
      const sim = planned([
        { functionName: 'f', invocation: 1, attempt: 1, fault: 'throttle' },
        { functionName: 'f', invocation: 1, attempt: 2, fault: 'throttle' },
      ])
      const state = counted(sim)
      sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0 })
      await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      await sim.runUntilIdle()
      expect(state.runs).toBe(1)
      expect(of(sim, 'async.retryScheduled').map((e) => [seconds(e.atMs), seconds(e.retryAtMs), e.reason])).toEqual([
        [0, 1, 'throttle'],
        [1, 3, 'throttle'],
      ])
      expect(of(sim, 'async.finished')).toMatchObject([{ status: 'succeeded', approximateInvokeCount: 1 }])
    })

    it('duplicate - the accepted event is delivered twice under the same request id; each copy finishes once', async () => {
      const sim = planned([{ functionName: 'f', invocation: 2, fault: 'duplicate' }])
      const state = counted(sim)
      await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      const second = await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      await sim.runUntilIdle()
      expect(state.runs).toBe(3)
      const finished = of(sim, 'async.finished')
      expect(finished.filter((e: AsyncFinishedEvent) => e.requestId === second.requestId).map((e) => e.copy)).toEqual([0, 1])
      expect(of(sim, 'fault.injected')).toEqual([
        { type: 'fault.injected', atMs: START, functionName: 'f', requestId: second.requestId, fault: 'duplicate', invocation: 2, attempt: 0, planIndex: 0 },
      ])
    })

    it('duplicate - adds to a seeded duplicate decision without shifting the decision stream', async () => {
      const run = async (faults: FaultSpec[]) => {
        const sim = createSimulation({ seed: 5, recordEvents: true, async: { duplicateProbability: 0.5 }, faults })
        counted(sim)
        for (let i = 0; i < 4; i++) await sim.invoke({ functionName: 'f', invocationType: 'Event' })
        await sim.runUntilIdle()
        return sim
      }
      const without = await run([])
      const withPlan = await run([{ functionName: 'f', invocation: 3, fault: 'duplicate' }])
      expect(withPlan.decisions()).toEqual(without.decisions())
      const copiesOf = (sim: Simulation) => of(sim, 'async.finished').length
      const seededThird = without.decisions()[2]?.value ?? 1
      expect(copiesOf(withPlan)).toBe(copiesOf(without) + (seededThird < 0.5 ? 0 : 1))
    })
  })

  describe('identity', () => {
    it('invocation - counts one function’s invocations; attempt counts that invocation’s admissions', async () => {
      const sim = planned([
        { functionName: 'f', invocation: 2, attempt: 2, fault: 'crash' },
        { functionName: 'f', invocation: 2, attempt: 1, fault: 'error' },
      ])
      counted(sim)
      counted(sim, 'g')
      await sim.invoke({ functionName: 'g', invocationType: 'Event' })
      await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      const second = await sim.invoke({ functionName: 'f', invocationType: 'Event' })
      await sim.runUntilIdle()
      const failures = of(sim, 'invocation.completed').filter((e) => e.status !== 'success')
      expect(failures.map((e) => [e.functionName, e.requestId, seconds(e.startedAtMs), e.status])).toEqual([
        ['f', second.requestId, 0, 'error'],
        ['f', second.requestId, 60.04, 'crash'],
      ])
      expect(of(sim, 'fault.injected')).toMatchObject([
        { functionName: 'f', requestId: second.requestId, invocation: 2, attempt: 1, planIndex: 1 },
        { functionName: 'f', requestId: second.requestId, invocation: 2, attempt: 2, planIndex: 0 },
      ])
    })

    it('invocation - without functionName, counts every function’s invocations together', async () => {
      const sim = planned([{ invocation: 2, fault: 'throttle' }])
      counted(sim)
      counted(sim, 'g')
      const first = await sim.invoke({ functionName: 'g' })
      const second = await sim.invoke({ functionName: 'f' })
      expect([first.statusCode, second.statusCode]).toEqual([200, 429])
    })

    it('plan - the first entry that names an attempt decides; an invocation that never comes changes nothing', async () => {
      const sim = planned([
        { functionName: 'f', invocation: 1, fault: 'crash' },
        { functionName: 'f', invocation: 1, fault: 'error' },
        { functionName: 'f', invocation: 99, fault: 'throttle' },
      ])
      counted(sim)
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.payload).toMatchObject({ errorType: 'Runtime.ExitError' })
      expect(of(sim, 'fault.injected').map((e: FaultInjectedEvent) => e.planIndex)).toEqual([0])
    })

    it('a handler that times out on its own keeps its own ending', async () => {
      const sim = planned([{ functionName: 'slow', invocation: 1, fault: 'error' }])
      sim.createFunction({ functionName: 'slow', timeout: 1, code: async (_e: unknown, c: LambdaContext) => c.sleep(5_000) })
      const result = await sim.invoke({ functionName: 'slow' })
      expect(result.payload).toMatchObject({ errorType: 'Sandbox.Timedout' })
    })
  })

  describe('determinism and replay', () => {
    const plan: FaultSpec[] = [
      { functionName: 'f', invocation: 1, fault: 'duplicate' },
      { functionName: 'f', invocation: 2, fault: 'error' },
      { functionName: 'f', invocation: 3, attempt: 1, fault: 'throttle' },
      { functionName: 'f', invocation: 3, attempt: 2, fault: 'timeout' },
    ]
    const run = async (seed: number, faults: FaultSpec[]) => {
      const sim = planned(faults, seed)
      counted(sim)
      for (let i = 0; i < 3; i++) await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { i } })
      await sim.runUntilIdle()
      return sim
    }

    it('same seed and plan ⇒ the same event log, byte for byte', async () => {
      const a = await run(11, plan)
      const b = await run(11, plan)
      expect(eventLogHash(a)).toBe(eventLogHash(b))
      expect(of(a, 'fault.injected').map((e) => e.fault)).toEqual(['duplicate', 'error', 'throttle', 'timeout'])
      expect(eventLogHash(await run(11, plan.slice(1)))).not.toBe(eventLogHash(a))
    })

    it('replayLine - carries the plan, so the line alone reproduces the run', async () => {
      const sim = await run(11, plan)
      expect(sim.replayLine()).toBe(`seed=11 decisions=seeded faults=${JSON.stringify(plan)}`)
      expect(createSimulation({ seed: 3 }).replayLine()).toBe('seed=3 decisions=seeded')
    })
  })

  describe('validation', () => {
    const rejects = (faults: unknown): string => {
      try {
        createSimulation({ seed: 1, faults: faults as FaultSpec[] })
      } catch (error) {
        expect(error).toBeInstanceOf(SimulationError)
        expect((error as SimulationError).code).toBe('invalid-argument')
        return (error as SimulationError).message.split('\n')[0] ?? ''
      }
      throw new Error('expected createSimulation to throw')
    }

    it('faults - each problem is named with its path', () => {
      expect(rejects([{ invocation: 0, fault: 'error' }])).toBe('[invalid-argument] createSimulation options: faults.0.invocation: Too small: expected number to be >0')
      expect(rejects([{ invocation: 1, fault: 'explode' }])).toMatch(/^\[invalid-argument\] createSimulation options: faults\.0\.fault: Invalid option: expected one of "error"\|"timeout"\|"crash"\|"throttle"\|"duplicate"\|"fail-records"$/)
      expect(rejects([{ invocation: 1, fault: 'duplicate', attempt: 2 }])).toBe(
        '[invalid-argument] createSimulation options: faults.0.attempt: a duplicate is decided when the event is accepted, before any attempt: leave attempt out',
      )
      expect(rejects([{ invocation: 1, fault: 'crash', errorMessage: 'x' }])).toBe(
        "[invalid-argument] createSimulation options: faults.0.errorMessage: errorType and errorMessage apply to fault 'error' only, not 'crash'",
      )
      expect(rejects([{ invocation: 1, fault: 'error', when: 'now' }])).toMatch(/faults\.0: Unrecognized key: "when"/)
      expect(rejects({ invocation: 1 })).toMatch(/faults: Invalid input: expected array/)
    })
  })
})
