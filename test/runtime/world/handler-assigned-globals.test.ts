import timers from 'node:timers'
import { afterEach, expect, it, vi } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

// R3 review of f2e6e2a: the world's globals are accessors; an assignment made by handler code (a
// tracer wrapping setTimeout at init, a handler swapping Date) was taken for a test's fake: the
// handler read back the world's function, and only code outside handlers got the handler's value.

afterEach(() => vi.useRealTimers())

it('handler code reads back the timer and Date it assigned, and its wrapper still runs on virtual time', async () => {
  const sim = createSimulation({ seed: 1 })
  const worldSetTimeout = globalThis.setTimeout
  const worldDate = globalThis.Date
  sim.createFunction({
    functionName: 'wrap',
    timeout: 10,
    code: async () => {
      const original = globalThis.setTimeout
      let wrappedCalls = 0
      const wrapped = function setTimeout(...args: Parameters<typeof original>) {
        wrappedCalls++
        return original(...args)
      }
      globalThis.setTimeout = wrapped as unknown as typeof original
      const readBack = globalThis.setTimeout === (wrapped as unknown)
      const t0 = Date.now()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      globalThis.setTimeout = original
      const restored = globalThis.setTimeout === original
      const OriginalDate = globalThis.Date
      class TaggedDate extends OriginalDate {}
      globalThis.Date = TaggedDate as DateConstructor
      const dateReadBack = globalThis.Date === TaggedDate
      const taggedNow = new Date().getTime()
      globalThis.Date = OriginalDate
      return { readBack, restored, wrappedCalls, waited: Date.now() - t0, dateReadBack, taggedNow }
    },
  })
  expect((await sim.invoke({ functionName: 'wrap' })).payload).toEqual({ readBack: true, restored: true, wrappedCalls: 1, waited: 1_000, dateReadBack: true, taggedNow: T0 + 1_000 })
  // Put back by the handler: outside handlers the world's own again, and they work.
  expect(globalThis.setTimeout).toBe(worldSetTimeout)
  expect(globalThis.Date).toBe(worldDate)
  expect(timers.setTimeout).toBe(worldSetTimeout)
  await new Promise((resolve) => setTimeout(resolve, 1))
})

it('a handler’s assignment while fakes are on: the handler reads it back, test code keeps the fakes until they go', async () => {
  const sim = createSimulation({ seed: 2 })
  vi.useFakeTimers({ now: 0 })
  const fake = globalThis.setTimeout
  let mine: unknown
  sim.createFunction({
    functionName: 'assign',
    code: async () => {
      const original = globalThis.setTimeout
      mine = function setTimeout(...args: Parameters<typeof original>) {
        return original(...args)
      }
      globalThis.setTimeout = mine as typeof original
      const readBack = globalThis.setTimeout === mine
      const t0 = Date.now()
      await new Promise((resolve) => setTimeout(resolve, 500))
      return { readBack, waited: Date.now() - t0 }
    },
  })
  expect((await sim.invoke({ functionName: 'assign' })).payload).toEqual({ readBack: true, waited: 500 })
  expect(globalThis.setTimeout).toBe(fake)
  vi.useRealTimers()
  // The fakes put back what they found (the world's function): a working timer, not the fake.
  expect(globalThis.setTimeout).not.toBe(fake)
  await new Promise((resolve) => setTimeout(resolve, 1))
})
