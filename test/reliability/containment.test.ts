/**
 * Misbehaving handlers and listeners are contained: whatever a handler throws, the invocation ends
 * with a function error in AWS's shape and its environment and concurrency come back; a listener
 * that throws does not leave an invocation half-finished.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type Simulation } from '../../src/index.js'

const UNREADABLE = {
  errorType: 'handled',
  errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
}

/** A value every read of which throws. */
function hostileProxy(): object {
  const fail = (): never => {
    throw new Error('trap')
  }
  return new Proxy({}, { get: fail, getPrototypeOf: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail })
}

function errorWithThrowing(key: 'message' | 'name' | 'stack'): Error {
  const error = new Error('readable')
  Object.defineProperty(error, key, {
    get() {
      throw new Error(`${key} getter`)
    },
  })
  return error
}

function circularCause(): Error {
  const error = new Error('circular') as Error & { cause?: unknown }
  error.cause = error
  return error
}

/** A function with reserved concurrency 1: any invocation left holding it throttles the next. */
function withOneSlot(runtime: string, code: (...args: never[]) => unknown): Simulation {
  const sim = createSimulation({ seed: 5 })
  sim.createFunction({ functionName: 'f', runtime: runtime as never, code: code as never })
  sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
  return sim
}

async function expectReleased(sim: Simulation): Promise<void> {
  expect(sim.concurrentExecutions('f')).toBe(0)
  expect(sim.environments('f').every((env) => env.state !== 'busy')).toBe(true)
}

interface Case {
  readonly name: string
  readonly thrown: () => unknown
  /** The payload on nodejs22.x (runtime interface client v3). */
  readonly legacy: Record<string, unknown>
}

const CASES: readonly Case[] = [
  { name: 'an Error whose message getter throws', thrown: () => errorWithThrowing('message'), legacy: UNREADABLE },
  { name: 'an Error whose name getter throws', thrown: () => errorWithThrowing('name'), legacy: UNREADABLE },
  { name: 'an Error whose stack getter throws', thrown: () => errorWithThrowing('stack'), legacy: UNREADABLE },
  { name: 'a Proxy whose traps throw', thrown: hostileProxy, legacy: UNREADABLE },
  { name: 'a Symbol', thrown: () => Symbol('odd'), legacy: { errorType: 'symbol', errorMessage: 'Symbol(odd)', trace: [] } },
  { name: 'a BigInt', thrown: () => 10n, legacy: { errorType: 'bigint', errorMessage: '10', trace: [] } },
  { name: 'an Error whose cause is itself', thrown: circularCause, legacy: { errorType: 'Error', errorMessage: 'circular' } },
  { name: 'an object without a prototype', thrown: () => Object.create(null), legacy: UNREADABLE },
]

describe('reliability/containment of exotic thrown values', () => {
  for (const c of CASES) {
    for (const style of ['rejected', 'thrown'] as const) {
      it(`${c.name}, ${style} by the handler: a function error (nodejs22.x), environment and concurrency released`, async () => {
        const sim = withOneSlot(
          'nodejs22.x',
          style === 'rejected'
            ? async () => {
                throw c.thrown()
              }
            : () => {
                throw c.thrown()
              },
        )
        const result = await sim.invoke({ functionName: 'f', logType: 'Tail' })
        expect(result.functionError).toBe('Unhandled')
        expect(result.payload).toMatchObject(c.legacy)
        await expectReleased(sim)
        // The slot is free: the next call runs rather than being throttled.
        await expect(sim.invoke({ functionName: 'f' })).resolves.toMatchObject({ functionError: 'Unhandled' })
      })
    }

    it(`${c.name} on nodejs24.x: a function error, environment and concurrency released`, async () => {
      const sim = withOneSlot('nodejs24.x', async () => {
        throw c.thrown()
      })
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.functionError).toBe('Unhandled')
      expect(typeof (result.payload as { errorType?: unknown }).errorType).toBe('string')
      await expectReleased(sim)
    })

    it(`${c.name} from a Python function: a function error in the family's shape`, async () => {
      const sim = withOneSlot('python3.12', async () => {
        throw c.thrown()
      })
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.functionError).toBe('Unhandled')
      expect(result.payload).toHaveProperty('stackTrace')
      await expectReleased(sim)
    })
  }

  it('a non-async handler returning a thenable whose then throws: the error is the function error (nodejs22.x)', async () => {
    const sim = withOneSlot('nodejs22.x', () => ({
      then() {
        throw new TypeError('then exploded')
      },
    }))
    const result = await sim.invoke({ functionName: 'f' })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'then exploded' })
    await expectReleased(sim)
    await expect(sim.invoke({ functionName: 'f' })).resolves.toMatchObject({ functionError: 'Unhandled' })
  })

  it('a non-async handler returning a Proxy whose traps throw: a function error (nodejs22.x and nodejs24.x)', async () => {
    for (const runtime of ['nodejs22.x', 'nodejs24.x']) {
      const sim = withOneSlot(runtime, () => hostileProxy())
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.functionError).toBe('Unhandled')
      await expectReleased(sim)
    }
  })

  it('a thrown null or undefined: as the runtime (a sync throw calls back with it: success; a rejection fails as "handled")', async () => {
    for (const value of [null, undefined]) {
      const sync = withOneSlot('nodejs22.x', () => {
        throw value
      })
      await expect(sync.invoke({ functionName: 'f' })).resolves.toMatchObject({ payload: null })
      await expectReleased(sync)
      const rejected = withOneSlot('nodejs22.x', async () => {
        throw value
      })
      const result = await rejected.invoke({ functionName: 'f' })
      expect(result.functionError).toBe('Unhandled')
      expect(result.payload).toMatchObject({ errorType: 'string', errorMessage: 'handled' })
      await expectReleased(rejected)
    }
  })

  it('an init that throws (or rejects with) a Proxy whose traps throw: an init error, the environment discarded', async () => {
    for (const init of [
      () => {
        throw hostileProxy()
      },
      async () => {
        throw hostileProxy()
      },
    ]) {
      const sim = createSimulation({ seed: 5 })
      sim.createFunction({ functionName: 'f', runtime: 'nodejs22.x', code: { init } as never })
      const result = await sim.invoke({ functionName: 'f' })
      expect(result.functionError).toBe('Unhandled')
      expect(result.payload).toMatchObject(UNREADABLE)
      await expectReleased(sim)
    }
  })

  it('a virtual timer callback that throws a Proxy whose traps throw: the runtime crashes (exit 129) as for any uncaught exception', async () => {
    const sim = withOneSlot('nodejs22.x', async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
      setTimeout(() => {
        throw hostileProxy()
      }, 1)
      await context.sleep(10)
      return 'ok'
    })
    const result = await sim.invoke({ functionName: 'f', logType: 'Tail' })
    expect(result.payload).toMatchObject({ errorType: 'Runtime.ExitError' })
    expect(Buffer.from(result.logResult ?? '', 'base64').toString()).toContain(`Uncaught Exception \t${JSON.stringify(UNREADABLE)}`)
    await expectReleased(sim)
  })

  it('no process-level unhandled rejection is left behind', async () => {
    const seen: unknown[] = []
    const onRejection = (reason: unknown): void => {
      seen.push(reason)
    }
    process.on('unhandledRejection', onRejection)
    try {
      const sim = withOneSlot('nodejs22.x', async () => {
        throw errorWithThrowing('message')
      })
      await sim.invoke({ functionName: 'f' })
      await new Promise((resolve) => setTimeout(resolve, 10))
    } finally {
      process.off('unhandledRejection', onRejection)
    }
    expect(seen).toEqual([])
  })

})

describe('reliability/containment of listeners that throw', () => {
  for (const type of ['invocation.started', 'invocation.completed', 'invocation.error', '*'] as const) {
    it(`a "${type}" listener that throws: the drive rejects with listener-threw and the replay line; the invocation completes, environment and concurrency released`, async () => {
      const sim = withOneSlot('nodejs22.x', async (event: { fail?: boolean }) => {
        if (event.fail === true) throw new Error('handler failed')
        return 'ok'
      })
      const seen: string[] = []
      let armed = true
      sim.on(type, () => {
        if (armed) {
          armed = false
          throw new Error('listener bug')
        }
      })
      // Registered after the throwing one: still receives every event.
      sim.on('invocation.completed', (event) => seen.push(event.status))
      const failed = sim.invoke({ functionName: 'f', payload: { fail: true } })
      await expect(failed).rejects.toBeInstanceOf(SimulationError)
      const error = (await failed.catch((thrown: unknown) => thrown)) as SimulationError
      expect(error.code).toBe('listener-threw')
      expect(error.message).toContain('listener bug')
      expect(error.replay).toMatch(/seed=5/)
      // The simulation stays consistent: the interrupted invocation finishes (at the latest in the next drive).
      await sim.runUntilIdle()
      expect(seen).toEqual(['error'])
      await expectReleased(sim)
      // And usable: the single slot is free, later invocations run and are not throttled.
      await expect(sim.invoke({ functionName: 'f' })).resolves.toMatchObject({ payload: 'ok' })
      expect(seen).toEqual(['error', 'success'])
    })
  }

  it('a listener that throws a hostile value is reported too', async () => {
    const sim = withOneSlot('nodejs22.x', async () => 'ok')
    sim.on('invocation.completed', () => {
      throw hostileProxy()
    })
    await expect(sim.invoke({ functionName: 'f' })).rejects.toMatchObject({ code: 'listener-threw' })
    await expectReleased(sim)
  })
})
