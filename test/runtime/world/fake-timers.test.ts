import timers from 'node:timers'
import { setTimeout as sleepPromise } from 'node:timers/promises'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)
const FAKE_EPOCH = Date.UTC(2000, 0, 1)

/** A handler that reads the clock and waits on every kind of timer: all virtual, whatever the test has on. */
function clockHandler() {
  return async () => {
    const t0 = Date.now()
    const p0 = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await new Promise((resolve) => timers.setTimeout(resolve, 1_000))
    await new Promise((resolve) => setImmediate(resolve))
    await sleepPromise(1_000)
    await promisify(setTimeout)(1_000)
    let ticks = 0
    await new Promise<void>((resolve) => {
      const interval = setInterval(() => {
        if (++ticks === 2) {
          clearInterval(interval)
          resolve()
        }
      }, 500)
    })
    return { t0, t1: Date.now(), newDate: new Date().getTime(), perf: performance.now() - p0, isFake: (Date as { isFake?: boolean }).isFake === true }
  }
}

/** The globals work for real: a real timer and an immediate fire, `Date` is the real clock. */
async function expectRealGlobals(): Promise<void> {
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'] as const) expect(typeof globalThis[name]).toBe('function')
  expect(vi.isFakeTimers()).toBe(false)
  expect((Date as { isFake?: boolean }).isFake).toBeUndefined()
  expect(Date.now()).toBeGreaterThan(Date.UTC(2025, 0, 1))
  await new Promise((resolve) => setTimeout(resolve, 1))
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => timers.setTimeout(resolve, 1))
  await sleepPromise(1)
  expect(typeof performance.now()).toBe('number')
}

/** Test code under fake timers: its timers wait for `vi.advanceTimersByTime`, its `Date` is the fake's. */
function expectFakeTimersOutside(): void {
  expect(vi.isFakeTimers()).toBe(true)
  expect(Date.now()).toBe(FAKE_EPOCH)
  const fired: string[] = []
  setTimeout(() => fired.push('timeout'), 100)
  const interval = setInterval(() => fired.push('interval'), 80)
  setImmediate(() => fired.push('immediate'))
  vi.advanceTimersByTime(99)
  expect(fired).toEqual(['immediate', 'interval'])
  vi.advanceTimersByTime(61)
  clearInterval(interval)
  expect(fired).toEqual(['immediate', 'interval', 'timeout', 'interval'])
  expect(Date.now()).toBe(FAKE_EPOCH + 160)
  expect(performance.now()).toBe(160)
}

const EXPECTED = { t0: T0, t1: T0 + 5_001, newDate: T0 + 5_001, perf: 5_001, isFake: false }

describe('runtime/world: vitest fake timers, on before or after the handler’s world', () => {
  afterEach(() => vi.useRealTimers())

  // First in the file: the world installs once per process, at the first simulation.
  it('on before the first simulation: handlers still run on virtual time; vi.useRealTimers() leaves working globals', async () => {
    expect(Object.getOwnPropertyDescriptor(globalThis, 'setTimeout')).toHaveProperty('value') // not installed yet
    vi.useFakeTimers({ now: FAKE_EPOCH })
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'clock', timeout: 60, code: clockHandler() })
    expect((await sim.invoke({ functionName: 'clock' })).payload).toEqual(EXPECTED)
    expectFakeTimersOutside()
    vi.useRealTimers()
    await expectRealGlobals()
    // Then as if installed without fakes: the globals outside handlers are the world's own again.
    expect(Object.getOwnPropertyDescriptor(globalThis, 'setTimeout')).toHaveProperty('get')
    expect(globalThis.setTimeout).toBe(timers.setTimeout)
    expect((await sim.invoke({ functionName: 'clock' })).payload).toEqual({ ...EXPECTED, t0: T0 + 5_001, t1: T0 + 10_002, newDate: T0 + 10_002 })
  })

  it('on after the world: handlers run on virtual time, test code on the fakes, and the world is back after', async () => {
    createSimulation({ seed: 0 }) // the world is installed
    const worldSetTimeout = globalThis.setTimeout
    const worldDate = globalThis.Date
    vi.useFakeTimers({ now: FAKE_EPOCH })
    expect(globalThis.setTimeout).not.toBe(worldSetTimeout)
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'clock', timeout: 60, code: clockHandler() })
    expect((await sim.invoke({ functionName: 'clock' })).payload).toEqual(EXPECTED)
    expectFakeTimersOutside()
    vi.useRealTimers()
    await expectRealGlobals()
    expect(globalThis.setTimeout).toBe(worldSetTimeout)
    expect(globalThis.Date).toBe(worldDate)
    expect((await sim.invoke({ functionName: 'clock' })).payload).toEqual({ ...EXPECTED, t0: T0 + 5_001, t1: T0 + 10_002, newDate: T0 + 10_002 })
  })

  it('fakes on and off again, vi.setSystemTime, and a fake timer cleared in between: the handler never sees them', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({ functionName: 'clock', timeout: 60, code: clockHandler() })
    for (let round = 0; round < 2; round++) {
      let realFired = false
      const real = setTimeout(() => (realFired = true), 5)
      vi.useFakeTimers({ now: FAKE_EPOCH })
      // A real timer cleared under the fakes: they hand it to the clear they replaced (the world's).
      clearTimeout(real)
      vi.setSystemTime(FAKE_EPOCH + 1_000)
      const timer = setTimeout(() => expect.unreachable(), 10)
      const payload = (await sim.invoke({ functionName: 'clock' })).payload as typeof EXPECTED
      clearTimeout(timer)
      vi.advanceTimersByTime(20)
      expect(payload.t1 - payload.t0).toBe(5_001)
      expect(payload.isFake).toBe(false)
      expect(Date.now()).toBe(FAKE_EPOCH + 1_020)
      expect(vi.getTimerCount()).toBe(0)
      vi.useRealTimers()
      await expectRealGlobals()
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(realFired).toBe(false)
    }
  })
})
