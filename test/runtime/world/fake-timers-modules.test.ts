import timers, { setTimeout as timersSetTimeout } from 'node:timers'
import timersPromises, { setTimeout as sleepPromise } from 'node:timers/promises'
import { describe, expect, it, onTestFailed } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

/**
 * Fake timers that also replace `node:timers`' and `node:timers/promises`' exports, as
 * `@sinonjs/fake-timers` does outside vitest (vitest's copy leaves the modules alone): the same
 * protocol — save what is there, assign marked fakes, on uninstall assign the saved value back to a
 * global that still carries the mark (and delete one that does not) and to each module export.
 */
function installModuleFakes() {
  const g = globalThis as unknown as Record<string, unknown>
  const modules = [timers, timersPromises] as unknown as Record<string, unknown>[]
  const clock = { calls: [] as string[] }
  const fake = (name: string) => {
    const fn = Object.assign((..._args: unknown[]) => void clock.calls.push(name), { clock, hadOwnProperty: true })
    return fn
  }
  const savedGlobal = g['setTimeout']
  const savedModules = modules.map((m) => m['setTimeout'])
  g['setTimeout'] = fake('global')
  modules[0]!['setTimeout'] = g['setTimeout']
  modules[1]!['setTimeout'] = fake('promises')
  return {
    clock,
    uninstall() {
      if (g['setTimeout'] === savedGlobal) return
      if ((g['setTimeout'] as { hadOwnProperty?: boolean }).hadOwnProperty) g['setTimeout'] = savedGlobal
      else delete g['setTimeout']
      modules.forEach((m, i) => (m['setTimeout'] = savedModules[i]))
    },
  }
}

describe('runtime/world: fake timers that replace the node:timers exports', () => {
  // First in the file: the world installs once per process, at the first simulation.
  it('on before the first simulation: handlers import the world’s functions; code outside gets the fakes, then the real ones', async () => {
    expect(Object.getOwnPropertyDescriptor(globalThis, 'setTimeout')).toHaveProperty('value') // not installed yet
    const fakes = installModuleFakes()
    onTestFailed(() => fakes.uninstall())
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({
      functionName: 'f',
      timeout: 60,
      code: async () => {
        await new Promise((resolve) => timersSetTimeout(resolve, 1_000))
        await new Promise((resolve) => timers.setTimeout(resolve, 1_000))
        await sleepPromise(1_000)
        await timersPromises.setTimeout(1_000)
        return Date.now()
      },
    })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe(T0 + 4_000)
    setTimeout(() => undefined, 1)
    timers.setTimeout(() => undefined, 1)
    void timersPromises.setTimeout(1)
    expect(fakes.clock.calls).toEqual(['global', 'global', 'promises'])
    fakes.uninstall()
    expect(Object.getOwnPropertyDescriptor(globalThis, 'setTimeout')).toHaveProperty('get')
    expect(globalThis.setTimeout).toBe(timers.setTimeout)
    await new Promise((resolve) => setTimeout(resolve, 1))
    await new Promise((resolve) => timersSetTimeout(resolve, 1))
    await timersPromises.setTimeout(1)
    await sleepPromise(1)
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe(T0 + 8_000)
    expect(fakes.clock.calls).toHaveLength(3)
  })

  it('on after the world: the same', async () => {
    const fakes = installModuleFakes()
    onTestFailed(() => fakes.uninstall())
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'f', code: async () => (await timersPromises.setTimeout(1_000, 'slept'), await new Promise((resolve) => timers.setTimeout(resolve, 1_000)), Date.now()) })
    expect((await sim.invoke({ functionName: 'f' })).payload).toBe(T0 + 2_000)
    timers.setTimeout(() => undefined, 1)
    expect(fakes.clock.calls).toEqual(['global'])
    fakes.uninstall()
    await new Promise((resolve) => timers.setTimeout(resolve, 1))
    await timersPromises.setTimeout(1)
    expect(globalThis.setTimeout).toBe(timers.setTimeout)
  })
})
