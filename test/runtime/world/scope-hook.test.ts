import { AsyncLocalStorage, createHook } from 'node:async_hooks'
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../../src/index.js'
import { callInScope, currentScope, runInScope, runOutsideScope, type HandlerScope } from '../../../src/runtime/world/scope.js'

const T0 = Date.UTC(2024, 0, 1)

/** The handler's world is visible where `process.env.WHO` reads the function's variable. */
const who = () => process.env['WHO']

describe('runtime/world/scope: the scope hook carries a handler world as AsyncLocalStorage did', () => {
  it('after awaits, in nextTick, queueMicrotask, timers, promise reactions and emitter callbacks made inside a handler; init too', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'f',
      environment: { variables: { WHO: 'f' } },
      code: {
        init: () => {
          const atInit = [who(), Date.now() === T0]
          return async (_event: unknown, context: any) => {
            const seen: Record<string, unknown> = { atInit }
            await context.sleep(3)
            seen['afterAwait'] = [who(), Date.now() - T0]
            await new Promise<void>((resolve) =>
              process.nextTick(() => {
                seen['nextTick'] = who()
                resolve()
              }),
            )
            await new Promise<void>((resolve) =>
              queueMicrotask(() => {
                seen['queueMicrotask'] = who()
                resolve()
              }),
            )
            await new Promise<void>((resolve) =>
              setTimeout(() => {
                seen['setTimeout'] = [who(), Date.now() - T0]
                resolve()
              }, 5),
            )
            const emitter = new EventEmitter()
            emitter.on('x', () => {
              seen['emitter'] = who()
            })
            await context.sleep(1)
            emitter.emit('x')
            return seen
          }
        },
      },
    })
    const r = await sim.invoke({ functionName: 'f' })
    expect(r.payload).toEqual({
      atInit: ['f', true],
      afterAwait: ['f', 3],
      nextTick: 'f',
      queueMicrotask: 'f',
      setTimeout: ['f', 8],
      emitter: 'f',
    })
    // The test's own world after the drive.
    expect(who()).toBeUndefined()
    expect(currentScope()).toBeUndefined()
  })

  it('two simulations interleaving in one process each see their own world across awaits', async () => {
    const make = (name: string) => {
      const sim = createSimulation({ seed: 2 })
      sim.createFunction({
        functionName: 'f',
        environment: { variables: { WHO: name } },
        code: async (_e: unknown, c: any) => {
          const seen = [who()]
          for (let i = 0; i < 3; i++) {
            await c.sleep(1)
            seen.push(who())
          }
          return seen
        },
      })
      return sim
    }
    const [a, b] = [make('a'), make('b')]
    const [ra, rb] = await Promise.all([a.invoke({ functionName: 'f' }), b.invoke({ functionName: 'f' })])
    expect(ra.payload).toEqual(['a', 'a', 'a', 'a'])
    expect(rb.payload).toEqual(['b', 'b', 'b', 'b'])
  })

  it("a user's own AsyncLocalStorage and async hook keep working, inside and around handlers", async () => {
    const als = new AsyncLocalStorage<string>()
    let inits = 0
    const hook = createHook({
      init() {
        inits++
      },
    }).enable()
    try {
      const sim = createSimulation({ seed: 3 })
      sim.createFunction({
        functionName: 'f',
        environment: { variables: { WHO: 'f' } },
        code: async (_e: unknown, c: any) =>
          als.run('inner', async () => {
            await c.sleep(2)
            return [als.getStore(), who()]
          }),
      })
      const outer = await als.run('outer', async () => {
        const r = await sim.invoke({ functionName: 'f' })
        return [als.getStore(), r.payload]
      })
      expect(outer).toEqual(['outer', ['inner', 'f']])
      expect(inits).toBeGreaterThan(0)
    } finally {
      hook.disable()
    }
  })

  it('runInScope, callInScope and runOutsideScope restore the outer scope, also when the work throws; nesting works', () => {
    const a = { name: 'a' } as unknown as HandlerScope
    const b = { name: 'b' } as unknown as HandlerScope
    expect(currentScope()).toBeUndefined()
    const seen = runInScope(a, () => {
      const inA = currentScope()
      const inB = runInScope(b, () => currentScope())
      const outside = runOutsideScope(() => currentScope())
      expect(() =>
        runInScope(b, () => {
          throw new Error('boom')
        }),
      ).toThrow('boom')
      const afterThrow = currentScope()
      expect(() =>
        callInScope(
          b,
          null,
          () => {
            throw new Error('boom')
          },
          0,
          0,
        ),
      ).toThrow('boom')
      let called: unknown
      callInScope(
        b,
        { k: 1 },
        function (this: { k: number }, x: number, y: number) {
          called = [this.k, x, y, currentScope()]
        },
        2,
        3,
      )
      return { inA, inB, outside, afterThrow, afterCallThrow: currentScope(), called }
    })
    expect(seen).toEqual({ inA: a, inB: b, outside: undefined, afterThrow: a, afterCallThrow: a, called: [1, 2, 3, b] })
    expect(currentScope()).toBeUndefined()
  })

  it('a scope made current carries into promises made in it, and not into ones made after it ended', async () => {
    const a = { name: 'a' } as unknown as HandlerScope
    const inside = runInScope(a, () => Promise.resolve().then(() => currentScope()))
    const after = Promise.resolve().then(() => currentScope())
    expect(await inside).toBe(a)
    expect(await after).toBeUndefined()
  })

  it('works under vi.useFakeTimers(): the scope follows the handler, the drive keeps its hops', async () => {
    // The handler's world installed first, as a test file's earlier simulations would (either order
    // works: test/runtime/world/fake-timers.test.ts).
    createSimulation({ seed: 0 })
    vi.useFakeTimers()
    try {
      const sim = createSimulation({ seed: 4 })
      sim.createFunction({
        functionName: 'f',
        environment: { variables: { WHO: 'f' } },
        code: async (_e: unknown, c: any) => {
          await c.sleep(10)
          await new Promise<void>((resolve) => process.nextTick(resolve))
          return who()
        },
      })
      // (The handler's Date and timers stay virtual under the fakes: fake-timers.test.ts.)
      for (let i = 0; i < 3; i++) expect((await sim.invoke({ functionName: 'f' })).payload).toBe('f')
      expect(sim.nowMs).toBe(T0 + 30)
    } finally {
      vi.useRealTimers()
    }
  })

  it('an unhandled rejection in a handler still reaches the process', async () => {
    const reasons: unknown[] = []
    const onRejection = (reason: unknown) => reasons.push(reason)
    const listeners = process.listeners('unhandledRejection')
    process.removeAllListeners('unhandledRejection')
    process.on('unhandledRejection', onRejection)
    try {
      const sim = createSimulation({ seed: 5 })
      sim.createFunction({
        functionName: 'f',
        code: async () => {
          void Promise.reject(new Error('dropped'))
          return 'ok'
        },
      })
      for (let i = 0; i < 3; i++) await sim.invoke({ functionName: 'f' })
      await new Promise<void>((resolve) => setImmediate(resolve))
      await new Promise<void>((resolve) => setImmediate(resolve))
    } finally {
      process.off('unhandledRejection', onRejection)
      for (const l of listeners) process.on('unhandledRejection', l as (...args: unknown[]) => void)
    }
    expect(reasons.map((r) => (r as Error).message)).toEqual(['dropped', 'dropped', 'dropped'])
  })
})
