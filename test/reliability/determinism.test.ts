/**
 * The event log holds only what the seed (and the user's code) determines: no frames of Node's
 * internals or of lambda-sim, no absolute paths — so a run hashes the same alone or interleaved
 * with another simulation, and from whichever directory its package was loaded.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'
import { eventLogHash } from '../../src/testing/index.js'

const fixture = resolve(__dirname, '../fixtures/packages/throwing-frames')
const scratch = mkdtempSync(join(tmpdir(), 'lambda-sim-determinism-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A copy of the fixture package in its own directory. */
function copyOfFixture(name: string): string {
  const directory = join(scratch, name)
  cpSync(fixture, directory, { recursive: true })
  return directory
}

const MODES = ['sync', 'async', 'log', 'sync', 'async'] as const

function simulation(directory: string): Simulation {
  const sim = createSimulation({ seed: 17, recordEvents: true })
  sim.createFunction({ functionName: 'pkg', runtime: 'nodejs22.x', handler: 'index.handler', code: { directory } })
  sim.createFunction({ functionName: 'pkg-python', runtime: 'python3.12', handler: 'index.handler', code: { directory } })
  sim.createFunction({ functionName: 'pkg-cjs', runtime: 'nodejs20.x', handler: 'cjs/index.handler', code: { directory } })
  sim.createFunction({ functionName: 'pkg-broken', runtime: 'nodejs22.x', handler: 'cjs/broken.handler', code: { directory } })
  // An inline handler: its sync throw's real stack runs on through lambda-sim into whoever drove it.
  sim.createFunction({
    functionName: 'inline',
    runtime: 'nodejs20.x',
    code: (event: { n: number }) => {
      if (event.n % 2 === 0) throw new RangeError(`inline ${event.n}`)
      return Promise.reject(new Error(`rejected ${event.n}`))
    },
  })
  return sim
}

/** Invokes in steps, awaiting between them, so two runs started together interleave. */
async function run(sim: Simulation): Promise<string> {
  for (let round = 0; round < 3; round++) {
    for (const [i, mode] of MODES.entries()) {
      await sim.invoke({ functionName: 'pkg', payload: { mode } })
      await sim.invoke({ functionName: 'pkg-python', payload: { mode } })
      await sim.invoke({ functionName: 'pkg-cjs', payload: { mode } })
      await sim.invoke({ functionName: 'pkg-broken', payload: { mode } })
      await sim.invoke({ functionName: 'inline', payload: { n: round * 10 + i } })
    }
    await sim.invoke({ functionName: 'pkg', invocationType: 'Event', payload: { mode: 'async' } })
    await sim.runUntilIdle()
  }
  return eventLogHash(sim)
}

describe('reliability/determinism of the event log', () => {
  it('two simulations run interleaved (same seed) hash as one run alone', async () => {
    const directory = copyOfFixture('interleaved')
    const alone = await run(simulation(directory))
    const [first, second] = await Promise.all([run(simulation(directory)), run(simulation(directory))])
    expect(first).toBe(alone)
    expect(second).toBe(alone)
  })

  it('the same package loaded from two directories hashes the same; its paths read /var/task', async () => {
    const a = simulation(copyOfFixture('path-a'))
    const b = simulation(copyOfFixture('path-b'))
    const [hashA, hashB] = await Promise.all([run(a), run(b)])
    expect(hashA).toBe(hashB)
    const text = a.eventLogText()
    expect(text).not.toContain(scratch)
    expect(text).not.toContain('node:internal')
    expect(text).not.toMatch(/\/src\/(?:runtime|lambda|kernel)\//)
    // The user's frames stay, as Lambda shows them.
    expect(text).toContain('/var/task/lib/fail.mjs:2:')
    expect(text).toContain('File \\"/var/task/lib/fail.mjs\\"')
    expect(text).toContain('/var/task/cjs/fail.js:2:')
    expect(text).toContain('at Object.<anonymous> (/var/task/cjs/broken.js:2:')
  })

  it("a trace keeps the user's frames, in their order, and none of the simulator's", async () => {
    const sim = simulation(copyOfFixture('trace'))
    const failed = await sim.invoke({ functionName: 'pkg', payload: { mode: 'sync' } })
    const payload = failed.payload as { errorType: string; trace: string[] }
    expect(payload.errorType).toBe('TypeError')
    expect(payload.trace[0]).toBe('TypeError: failed before any await')
    expect(payload.trace[1]).toMatch(/^ {4}at fail \(file:\/\/\/var\/task\/lib\/fail\.mjs:2:9\)$/)
    expect(payload.trace[2]).toMatch(/^ {4}at Runtime\.handler \(file:\/\/\/var\/task\/index\.mjs:6:\d+\)$/)
    expect(payload.trace).toHaveLength(3)
    const inline = await sim.invoke({ functionName: 'inline', payload: { n: 2 } })
    const inlineTrace = (inline.payload as { trace: string[] }).trace
    // A handler defined in a test file: its path reads relative to the working directory.
    expect(inlineTrace[1]).toMatch(/^ {4}at Runtime\.code \[as handler\] \(test\/reliability\/determinism\.test\.ts:\d+:\d+\)$/)
    expect(inlineTrace).toHaveLength(2)
  })
})
