import { describe, expect, it } from 'vitest'
import { AwsError, createSimulation, SimulationError, type Simulation, type SimulationErrorCode } from '../../src/index.js'
import { playArrivals, replay, seedFromName, sendQueueWorkload, sendStreamWorkload } from '../../src/testing/index.js'

// Issue 17: every public entry point validates its whole input, ranges included, and answers a
// mistake with a coded SimulationError carrying the replay line (or AWS's exception for an AWS
// operation) — quickly, never a raw TypeError / RangeError, never a loop without a bound.

const REPLAY = /replay: seed=/

function thrown(work: () => unknown): unknown {
  try {
    work()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

function expectCoded(error: unknown, code: SimulationErrorCode, message?: RegExp): void {
  expect(error).toBeInstanceOf(SimulationError)
  const e = error as SimulationError
  expect(e.code).toBe(code)
  expect(e.message).toMatch(REPLAY)
  if (message !== undefined) expect(e.message).toMatch(message)
}

function withFunction(options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const sim = createSimulation({ seed: 17, ...options })
  sim.createFunction({ functionName: 'f', code: async () => 'ok' })
  return sim
}

describe('generateLoad - bounded work, refused before any traffic', () => {
  it('a ramp with stepEvery 0 is invalid-argument at once (it used to loop forever)', () => {
    const sim = withFunction()
    const started = performance.now()
    const error = thrown(() => sim.generateLoad({ functionName: 'f', pattern: { kind: 'ramp', fromRatePerSecond: 1, toRatePerSecond: 10, duration: '10s', stepEvery: 0 } }))
    expectCoded(error, 'invalid-argument', /stepEvery must be longer than 0/)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('a constant pattern at 1e9/s is refused: the rate is above 1,000,000/s', () => {
    const sim = withFunction()
    const error = thrown(() => sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1e9, duration: '10s' } }))
    expectCoded(error, 'invalid-argument', /ratePerSecond/)
  })

  it.each([
    ['constant', { kind: 'constant', ratePerSecond: 1_000_000, duration: '1h' }],
    ['poisson', { kind: 'poisson', ratePerSecond: 100_000, duration: '2m' }],
    ['burst', { kind: 'burst', count: 10_000_001 }],
    ['steps', { kind: 'steps', steps: [{ ratePerSecond: 500_000, duration: '30s' }] }],
    ['ramp (arrivals)', { kind: 'ramp', fromRatePerSecond: 0, toRatePerSecond: 1_000_000, duration: '1m' }],
    ['ramp (steps)', { kind: 'ramp', fromRatePerSecond: 0, toRatePerSecond: 0, duration: '36500d', stepEvery: '1ms' }],
  ] as const)('%s beyond 10,000,000 arrivals is load-limit, with no traffic sent', (_kind, pattern) => {
    const sim = withFunction({ recordEvents: true })
    const started = performance.now()
    expectCoded(
      thrown(() => sim.generateLoad({ functionName: 'f', pattern: pattern as never })),
      'load-limit',
      /more than the 10000000 one load may plan/,
    )
    expect(performance.now() - started).toBeLessThan(1000)
    expect(sim.events().filter((event) => event.type !== 'function.created')).toEqual([])
  })

  it('just under the bound is accepted (the limit is not a pattern ban)', () => {
    const sim = withFunction()
    const run = sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1_000_000, duration: '1ms' } })
    expect(run.plannedArrivals).toBe(1000)
  })

  it('a payload function that throws, or answers a function, ends the drive with invalid-argument; the arrival is not left in flight', async () => {
    const sim = withFunction()
    const run = sim.generateLoad({
      functionName: 'f',
      pattern: { kind: 'arrivals', offsetsMs: [0, 10, 20] },
      payload: (index: number) => {
        if (index === 1) throw new Error('no payload for #1')
        return { index }
      },
    })
    expectCoded(await rejected(sim.advance('1s')), 'invalid-argument', /generateLoad payload #1: the payload function threw: no payload for #1/)
    await sim.advance('1s')
    expect(run.stats).toMatchObject({ sent: 2, succeeded: 2, inFlight: 0 })
    expect(run.finished).toBe(true)

    const second = withFunction()
    second.generateLoad({ functionName: 'f', pattern: { kind: 'burst', count: 2 }, payload: (index: number) => (index === 0 ? {} : () => 1) })
    expectCoded(await rejected(second.advance('1s')), 'invalid-argument', /a function has no JSON form/)
    expectCoded(
      thrown(() => second.generateLoad({ functionName: 'f', pattern: { kind: 'burst', count: 1 }, payload: () => { throw new Error('at 0') } })),
      'invalid-argument',
      /payload #0: the payload function threw: at 0/,
    )
  })

  it.each([
    ['null spec', null],
    ['a typo in the spec', { functionName: 'f', patern: { kind: 'burst', count: 1 } }],
    ['onResult not a function', { functionName: 'f', pattern: { kind: 'burst', count: 1 }, onResult: 3 }],
    ['startAfter negative', { functionName: 'f', pattern: { kind: 'burst', count: 1 }, startAfter: -1 }],
    ['a duration of 1e300 ms', { functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 1, duration: 1e300 } }],
    ['an unknown function', { functionName: 'nope', pattern: { kind: 'burst', count: 1 } }],
  ])('%s is invalid-argument', (_label, spec) => {
    const sim = withFunction()
    expectCoded(
      thrown(() => sim.generateLoad(spec as never)),
      'invalid-argument',
    )
  })
})

describe('the virtual clock runs from 1970-01-01 to 9000-01-01', () => {
  it("startTime '1960-01-01' is time-range (before the epoch every invoke was a 429: the per-function token bucket counts from 0)", () => {
    expectCoded(
      thrown(() => createSimulation({ seed: 1, startTime: '1960-01-01' })),
      'time-range',
      /1960-01-01T00:00:00.000Z/,
    )
    expectCoded(
      thrown(() => createSimulation({ seed: 1, startTime: new Date(-1) })),
      'time-range',
    )
  })

  it('startTime 1e20 is time-range (it used to fail later with a RangeError)', () => {
    expectCoded(
      thrown(() => createSimulation({ seed: 1, startTime: 1e20 })),
      'time-range',
      /got 100000000000000000000/,
    )
  })

  it('the epoch itself is a valid start: invokes succeed and async events are delivered', async () => {
    const sim = createSimulation({ seed: 1, startTime: 0 })
    let ran = 0
    sim.createFunction({ functionName: 'f', code: async () => ++ran })
    expect((await sim.invoke({ functionName: 'f' })).statusCode).toBe(200)
    expect((await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: {} })).statusCode).toBe(202)
    await sim.runUntilIdle()
    expect(ran).toBe(2)
  })

  it('advance(2**53) is invalid-argument (durations are at most 100 years); the simulation stays usable', async () => {
    const sim = withFunction()
    expectCoded(await rejected(sim.advance(2 ** 53)), 'invalid-argument', /100 years/)
    expect((await sim.invoke({ functionName: 'f' })).statusCode).toBe(200)
  })

  it('advance past 9000-01-01 is time-range and the clock does not move', async () => {
    const sim = createSimulation({ seed: 1, startTime: '8999-12-31T00:00:00Z' })
    const before = sim.nowMs
    expectCoded(await rejected(sim.advance('2d')), 'time-range', /9000-01-01T00:00:00.000Z/)
    expect(sim.nowMs).toBe(before)
    await sim.advance('1d')
    expect(sim.now.toISOString()).toBe('9000-01-01T00:00:00.000Z')
  })

  it.each([
    ['advance(-1)', -1],
    ['advance(NaN)', Number.NaN],
    ["advance('soon')", 'soon'],
    ['advance(null)', null],
  ])('%s is invalid-argument, as a rejection', async (_label, value) => {
    const sim = withFunction()
    expectCoded(await rejected(sim.advance(value as never)), 'invalid-argument')
  })
})

describe('createSimulation options', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'seed=1'],
    ['an unknown option', { seed: 1, sed: 2 }],
    ['a negative idle timeout', { environments: { idleTimeout: -1 } }],
    ['an idle timeout of 1e300 ms', { environments: { idleTimeout: 1e300 } }],
    ['a seed of NaN', { seed: Number.NaN }],
    ['a decision out of [0, 1]', { decisions: [{ kind: 'x', value: 2 }] }],
  ])('%s is invalid-argument (createSimulation(null) used to throw a raw TypeError)', (_label, options) => {
    expectCoded(
      thrown(() => createSimulation(options as never)),
      'invalid-argument',
    )
  })
})

describe('the context tools', () => {
  async function messageFrom(use: (context: any) => Promise<unknown> | unknown): Promise<string> {
    const sim = createSimulation({ seed: 5 })
    let message = ''
    sim.createFunction({
      functionName: 'f',
      code: async (_event: unknown, context: any) => {
        try {
          await use(context)
        } catch (error) {
          expect(error).toBeInstanceOf(SimulationError)
          expect((error as SimulationError).code).toBe('invalid-argument')
          message = (error as Error).message
        }
        return 'done'
      },
    })
    const result = await sim.invoke({ functionName: 'f' })
    expect(result.payload).toBe('done')
    return message
  }

  it('compute(-5) names compute and -5 (it used to report a sleep of -69.1 ms)', async () => {
    const message = await messageFrom((c) => c.compute(-5))
    expect(message).toMatch(/context\.compute expects a finite number of CPU milliseconds >= 0, got -5/)
    expect(message).not.toMatch(/sleep/)
  })

  it.each([
    ['compute(NaN)', (c: any) => c.compute(Number.NaN), /got NaN/],
    ['compute(Infinity)', (c: any) => c.compute(Number.POSITIVE_INFINITY), /got Infinity/],
    ["compute('5')", (c: any) => c.compute('5'), /got 5/],
    ['compute(5, { parallelism: 0 })', (c: any) => c.compute(5, { parallelism: 0 }), /parallelism to be an integer >= 1, got 0/],
    ['exit(256)', (c: any) => c.exit(256), /context\.exit expects an integer exit code from 0 to 255, got 256/],
    ['exit(-1)', (c: any) => c.exit(-1), /got -1/],
    ['exit(1.5)', (c: any) => c.exit(1.5), /got 1\.5/],
  ])('%s is invalid-argument, thrown where the mistake is made', async (_label, use, message) => {
    expect(await messageFrom(use)).toMatch(message)
  })

  it('exit(255) still ends the process with Runtime.ExitError', async () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => c.exit(255) })
    const result = await sim.invoke({ functionName: 'f' })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payloadJson).toMatch(/Runtime\.ExitError[\s\S]*exit status 255/)
  })
})

describe('invoke payloads', () => {
  it('payload together with payloadJson is invalid-argument (which body was meant is a guess)', async () => {
    const sim = withFunction()
    expectCoded(await rejected(sim.invoke({ functionName: 'f', payload: { a: 1 }, payloadJson: '{"b":2}' })), 'invalid-argument', /not both/)
  })

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
  ])('%s as payload is invalid-argument (a function used to be sent as no body at all)', async (_label, payload) => {
    const sim = withFunction()
    expectCoded(await rejected(sim.invoke({ functionName: 'f', payload })), 'invalid-argument', /not JSON-serialisable/)
  })
})

describe('self-fan-out with recursiveLoop Allow', () => {
  it('is bounded by limits.stepCountMax with a coded step-limit error', async () => {
    const sim = createSimulation({ seed: 9, limits: { stepCountMax: 20_000 } })
    sim.createFunction({
      functionName: 'f',
      code: async (_event: unknown, context: any) => {
        await context.lambda.invoke({ functionName: 'f', invocationType: 'Event' })
        await context.lambda.invoke({ functionName: 'f', invocationType: 'Event' })
        return 1
      },
    })
    sim.putFunctionRecursionConfig({ functionName: 'f', recursiveLoop: 'Allow' })
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    const started = performance.now()
    expectCoded(await rejected(sim.runUntilIdle()), 'step-limit')
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('never lets the clock advance, so limits.instantStepMax ends it first with instant-limit; a fan-out that sleeps is not bounded by it', async () => {
    const fanOut = (sleepMs: number) => {
      const sim = createSimulation({ seed: 9, limits: { instantStepMax: 30_000, stepCountMax: 200_000 } })
      sim.createFunction({
        functionName: 'f',
        code: async (_event: unknown, context: any) => {
          if (sleepMs > 0) await context.sleep(sleepMs)
          await context.lambda.invoke({ functionName: 'f', invocationType: 'Event' })
          await context.lambda.invoke({ functionName: 'f', invocationType: 'Event' })
          return 1
        },
      })
      sim.putFunctionRecursionConfig({ functionName: 'f', recursiveLoop: 'Allow' })
      return sim
    }
    const instant = fanOut(0)
    await instant.invoke({ functionName: 'f', invocationType: 'Event' })
    expectCoded(await rejected(instant.runUntilIdle()), 'instant-limit')
    // With time passing, the same fan-out runs into the drive's step bound instead.
    const timed = fanOut(5)
    await timed.invoke({ functionName: 'f', invocationType: 'Event' })
    expectCoded(await rejected(timed.runUntilIdle()), 'step-limit')
  })
})

/**
 * The survey: every verb of the facade, given garbage, answers with a SimulationError
 * (invalid-argument) or AWS's exception — never a raw TypeError, never a hang.
 */
describe('survey - every facade verb given garbage', () => {
  const garbage: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a string', 'x'],
    ['an object with an unknown member', { functionName: 'f', bogus: 1 }],
  ]
  const noInput = new Set(['runUntilIdle', 'getAccountSettings', 'decisions', 'replayLine', 'events', 'eventLogText', 'refuseDriveFromHandler'])
  /** Verbs for which some garbage is a fine input (a duration of 42 ms, every function's environments). */
  const accepts: Record<string, string[]> = {
    advance: ['a number'],
    // No input means everything: every role's revocations, the default client, all functions.
    restoreRoleAccess: ['null'],
    clientConfig: ['null'],
    concurrentExecutions: ['null', 'a string'],
    environments: ['null', 'a string'],
  }
  // The facade's own verbs and the Lambda control plane's it extends (lambda-control-plane.ts).
  const prototypes: object[] = []
  for (let proto = Object.getPrototypeOf(withFunction()) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) prototypes.push(proto)
  const verbs = [...new Set(prototypes.flatMap((proto) => Object.getOwnPropertyNames(proto)))]
    .filter((name) => name !== 'constructor' && !noInput.has(name))
    .filter((name) => typeof (withFunction() as unknown as Record<string, unknown>)[name] === 'function' && !name.startsWith('drive'))

  it('covers the facade (the list in the report)', () => {
    expect(verbs.length).toBeGreaterThan(60)
  })

  it.each(verbs)('%s', async (verb) => {
    for (const [label, input] of garbage) {
      const sim = withFunction()
      let outcome: unknown
      try {
        const answer = (sim as unknown as Record<string, (input: unknown) => unknown>)[verb]!(input)
        outcome = answer instanceof Promise ? await answer : answer
      } catch (error) {
        outcome = error
      }
      const result = outcome as { error?: unknown } | undefined
      const error = outcome instanceof Error ? outcome : result?.error instanceof AwsError ? result.error : undefined
      if (error === undefined) {
        expect(accepts[verb] ?? ['(none)'], `${verb}(${label}) was accepted`).toContain(label)
        continue
      }
      expect(error instanceof SimulationError || error instanceof AwsError, `${verb}(${label}): ${String(error)}`).toBe(true)
      if (error instanceof SimulationError) expect(error.message).toMatch(REPLAY)
    }
  })
})

describe('the testing kit', () => {
  it('playArrivals refuses out-of-order, non-finite and non-number offsets and a missing arrive', async () => {
    const sim = withFunction()
    for (const offsets of [[5, 1], [Number.NaN], ['3']]) {
      expectCoded(await rejected(playArrivals(sim, offsets as never, () => undefined)), 'invalid-argument', /playArrivals/)
    }
    expectCoded(await rejected(playArrivals(sim, [0], undefined as never)), 'invalid-argument', /arrive must be a function/)
    expectCoded(await rejected(playArrivals(sim, null as never, () => undefined)), 'invalid-argument', /offsetsMs must be an array/)
  })

  it('sendQueueWorkload and sendStreamWorkload refuse a workload that is not an array, or no target', async () => {
    const sim = withFunction()
    expectCoded(await rejected(sendQueueWorkload(sim, 'q', null as never)), 'invalid-argument', /sendQueueWorkload/)
    expectCoded(await rejected(sendStreamWorkload(sim, null as never, [])), 'invalid-argument', /streamName/)
    expectCoded(await rejected(sendStreamWorkload(sim, { streamName: 's' }, 'x' as never)), 'invalid-argument', /array/)
  })

  it('replay without a scenario function, and seedFromName of a non-string, are invalid-argument', async () => {
    expectCoded(await rejected(replay('seed=1 decisions=seeded', undefined as never)), 'invalid-argument', /scenario must be a function/)
    expect(() => seedFromName(42 as never)).toThrow(/seedFromName: the name must be a string/)
  })
})
