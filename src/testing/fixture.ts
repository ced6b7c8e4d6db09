/**
 * A vitest fixture: every test gets its own fresh simulation, seeded from the test's name, and a
 * failing test's error message ends with the simulation's replay line.
 *
 * lambda-sim does not import vitest: you pass your `test` in, and the fixture is added with
 * `test.extend` (vitest 3 or 4). Only the types come from vitest.
 */
import type { TestAPI } from 'vitest'
import { SimulationError } from '../kernel/simulation-error.js'
import { createSimulation, type Simulation } from '../simulation/simulation.js'
import type { SimulationOptions } from '../simulation/options.js'

export interface SimulationFixture {
  /** A fresh simulation for this test (events recorded). */
  sim: Simulation
}

export interface SimulationFixtureOptions extends SimulationOptions {
  /**
   * The seed of every test's simulation. Omitted: each test's seed is derived from its name with
   * its describe blocks (`'orders > charges once'`, via `seedFromName`), so a test keeps its seed
   * when other tests are added, when it runs alone, and when its file moves.
   */
  seed?: number | string
}

/**
 * Adds a `sim` fixture to vitest's `test`.
 *
 * @example
 * // test/sim-test.ts
 * import { test as base } from 'vitest'
 * import { withSimulation } from 'lambda-sim/testing'
 * export const test = withSimulation(base)
 *
 * // orders.test.ts
 * test('a cold start, then a warm one', async ({ sim }) => {
 *   sim.createFunction({ functionName: 'orders', code: async () => 'ok' })
 *   await sim.invoke({ functionName: 'orders' })
 * })
 *
 * On failure the message gains `lambda-sim replay: seed=… decisions=… [faults=…]` (and the task's
 * `meta.lambdaSimReplay` holds the line, for custom reporters).
 *
 * Gotchas: tests that share one file still each get their own simulation; a `describe` that needs
 * other options gets its own `withSimulation(base, options)`.
 */
export function withSimulation<Context extends object>(baseTest: TestAPI<Context>, options: SimulationFixtureOptions = {}): TestAPI<Context & SimulationFixture> {
  // vitest's `extend` overloads do not resolve against a generic context: the fixture is typed here.
  const extend = baseTest.extend as unknown as (fixtures: {
    sim: (context: FixtureContext, use: (sim: Simulation) => Promise<void>) => Promise<void>
  }) => TestAPI<Context & SimulationFixture>
  return extend.call(baseTest, {
    sim: async ({ task, onTestFailed }, use) => {
      const sim = createSimulation({ recordEvents: true, ...options, seed: options.seed ?? seedFromName(task.fullTestName ?? task.name) })
      onTestFailed(({ task: failed }) => {
        const line = sim.replayLine()
        // Appended to the error itself, so every reporter shows it next to the assertion that failed.
        for (const error of failed.result?.errors ?? []) error.message = `${error.message}\n  lambda-sim replay: ${line}`
        ;(failed.meta as Record<string, unknown>)['lambdaSimReplay'] = line
      })
      await use(sim)
    },
  })
}

/** What the fixture reads from vitest's test context. */
interface FixtureContext {
  readonly task: { readonly name: string; readonly fullTestName?: string }
  readonly onTestFailed: (handler: (context: { readonly task: { readonly result?: { readonly errors?: { message: string }[] }; readonly meta: object } }) => void) => void
}

/**
 * A seed from a test's name: FNV-1a (32 bits) of its UTF-8 bytes. Stable across runs, machines and
 * test order; different names almost always get different seeds.
 */
export function seedFromName(name: string): number {
  if (typeof name !== 'string') throw new SimulationError('invalid-argument', `seedFromName: the name must be a string, got ${name === null ? 'null' : typeof name}`, 'seed=?')
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(name, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
