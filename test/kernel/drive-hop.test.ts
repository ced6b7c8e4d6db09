import { createHook } from 'node:async_hooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { unwatch, watch, type Watched } from '../../src/kernel/watchdog.js'

const T0 = Date.UTC(2024, 0, 1)

/**
 * A drive called from inside a promise reaction, and a `process.nextTick` queued by a reaction that
 * was already waiting when the drive was called: the tick's invoke is submitted before the drive
 * starts (at T0), whatever async hooks the process has turned on.
 */
async function tickCallerAgainstAdvance(handlerWorld: boolean): Promise<number[]> {
  const s = createSimulation({ seed: 7, recordEvents: true, handlerWorld })
  s.createFunction({ functionName: 'f', code: async () => 'ok' })
  let viaTick: Promise<unknown> | undefined
  const other = (async () => {
    await null
    await null
    process.nextTick(() => {
      viaTick = s.invoke({ functionName: 'f' })
    })
  })()
  await null
  const advanced = s.advance(1000)
  await other
  await advanced
  await viaTick
  return s.events().flatMap((e) => (e.type === 'invocation.started' ? [e.atMs - T0] : []))
}

describe('kernel/drive-queue: the hop before a drive', () => {
  it('where a drive starts among ticks does not depend on whether async hooks are on (same seed, same log)', async () => {
    // Before the fix, a drive called from a reaction queued its tick at once when promise hooks
    // were on (any async hook: the handler world's, a user's AsyncLocalStorage…): the tick caller
    // then invoked after the advance, at T0 + 1000, and at T0 with hooks off.
    const hook = createHook({ init() {} }).enable()
    try {
      expect(await tickCallerAgainstAdvance(false)).toEqual([0])
      expect(await tickCallerAgainstAdvance(true)).toEqual([0])
    } finally {
      hook.disable()
    }
  })

  it('drives keep starting under vi.useFakeTimers() faking every timer and queueMicrotask', async () => {
    // The handler's world installed first, as a test file's earlier simulations would (either order
    // works: test/runtime/world/fake-timers.test.ts).
    createSimulation({ seed: 0 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'Date', 'queueMicrotask', 'performance'] })
    try {
      const s = createSimulation({ seed: 3 })
      // Parked on two waits at once: only the watchdog (a native immediate) wakes the loop.
      s.createFunction({ functionName: 'f', code: async (_e: unknown, c: any) => (await Promise.all([c.sleep(1), c.sleep(2)])).length })
      // Past 256 drives: a hop then takes a real turn through the native setImmediate.
      for (let i = 0; i < 300; i++) expect((await s.invoke({ functionName: 'f' })).payload).toBe(2)
      expect(s.nowMs).toBe(T0 + 600)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('kernel/watchdog: one immediate for every kernel', () => {
  const kernel = (name: string, log: string[], onFire?: () => void): Watched => ({
    watchSlot: -1,
    watchdogFired() {
      log.push(name)
      onFire?.()
    },
  })
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
  afterEach(() => vi.useRealTimers())

  it('wakes the kernels listed, in the order they listed themselves, once each; an unlisted one is not woken', async () => {
    const log: string[] = []
    const [a, b, c] = [kernel('a', log), kernel('b', log), kernel('c', log)]
    watch(a)
    watch(b)
    watch(a)
    watch(c)
    unwatch(b)
    expect([a.watchSlot, b.watchSlot, c.watchSlot]).toEqual([0, -1, 1])
    await turn()
    await turn()
    expect(log).toEqual(['a', 'c'])
    expect([a.watchSlot, c.watchSlot]).toEqual([-1, -1])
  })

  it('one kernel whose wake-up throws does not leave the others parked for ever', async () => {
    const log: string[] = []
    const thrown: unknown[] = []
    const onUncaught = (error: unknown) => thrown.push(error)
    const listeners = process.listeners('uncaughtException')
    process.removeAllListeners('uncaughtException')
    process.on('uncaughtException', onUncaught)
    try {
      const bad = kernel('bad', log, () => {
        throw new Error('boom')
      })
      watch(bad)
      watch(kernel('good', log))
      await turn()
      await turn()
    } finally {
      process.off('uncaughtException', onUncaught)
      for (const l of listeners) process.on('uncaughtException', l)
    }
    expect(log).toEqual(['bad', 'good'])
    expect(thrown.map((e) => (e as Error).message)).toEqual(['boom'])
  })

  it('two simulations parked at once, and one abandoned mid-drive, each get their own wake-ups', async () => {
    const parkedTwice = async (_e: unknown, c: any) => (await Promise.all([c.sleep(5), c.sleep(10)])).length
    const a = createSimulation({ seed: 1 })
    const b = createSimulation({ seed: 2 })
    const dropped = createSimulation({ seed: 3 })
    for (const s of [a, b, dropped]) s.createFunction({ functionName: 'f', code: parkedTwice })
    // Never awaited, never settles on its own: its handler waits on a promise nothing resolves.
    dropped.createFunction({ functionName: 'stuck', code: async () => new Promise(() => {}) })
    const abandoned = dropped.invoke({ functionName: 'stuck' }).catch((error: unknown) => error)
    const results = await Promise.all([a.invoke({ functionName: 'f' }), b.invoke({ functionName: 'f' }), a.invoke({ functionName: 'f' })])
    expect(results.map((r) => r.payload)).toEqual([2, 2, 2])
    expect([a.nowMs, b.nowMs]).toEqual([T0 + 10, T0 + 10])
    // The stuck drive ends by itself (its handler judged stalled), not held by the others' traffic.
    const stuck = await abandoned
    expect(stuck).toBeDefined()
    // The abandoned simulation's kernel is no longer listed: later drives elsewhere are unaffected.
    for (let i = 0; i < 3; i++) expect((await b.invoke({ functionName: 'f' })).payload).toBe(2)
  })
})
