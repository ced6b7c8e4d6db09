import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test as base } from 'vitest'
import { eventLogHash, seedFromName, withSimulation } from '../../src/testing/index.js'
import { SLOW_TIMEOUT_MS } from '../support/slow.js'

const test = withSimulation(base)
const regional = withSimulation(base, { seed: 'fixed', region: 'eu-central-1' })
const root = resolve(import.meta.dirname, '../..')

describe('fixture', () => {
  test('sim - each test gets a fresh simulation seeded from its name, recording events', ({ sim, task }) => {
    expect(task.fullTestName).toBe('fixture > sim - each test gets a fresh simulation seeded from its name, recording events')
    expect(sim.seed).toBe(seedFromName('fixture > sim - each test gets a fresh simulation seeded from its name, recording events'))
    expect(sim.events()).toEqual([])
    sim.createFunction({ functionName: 'only-here', code: async () => 'ok' })
  })

  test('sim - nothing leaks from the test before', async ({ sim }) => {
    expect(sim.listFunctions().functions).toEqual([])
    sim.createFunction({ functionName: 'only-here', code: async () => 'ok' })
    expect((await sim.invoke({ functionName: 'only-here' })).payload).toBe('ok')
    expect(eventLogHash(sim)).toMatch(/^[0-9a-f]{64}$/)
  })

  regional('options - a given seed and other simulation options apply to every test', ({ sim }) => {
    expect(sim.seed).toBe('fixed')
    expect(sim.region).toBe('eu-central-1')
  })

  test('seedFromName - FNV-1a over UTF-8: stable, and different for different names', () => {
    expect(seedFromName('')).toBe(0x811c9dc5)
    expect(seedFromName('a')).toBe(0xe40c292c)
    expect(seedFromName('checkout > charges the card')).toBe(seedFromName('checkout > charges the card'))
    expect(seedFromName('orders > ü')).not.toBe(seedFromName('orders > u'))
  })

  test('on failure - the error message ends with the replay line of the test’s simulation', async () => {
    // A child vitest of its own (this worker's VITEST_* variables would make it think it is nested).
    const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'FORCE_COLOR')
    const env = { ...Object.fromEntries(inherited), NO_COLOR: '1' }
    const run = await promisify(execFile)(join(root, 'node_modules/.bin/vitest'), ['run', '--config', 'test/testing/fixtures/vitest.config.ts'], { cwd: root, env, timeout: SLOW_TIMEOUT_MS }).then(
      () => ({ output: '', failed: false }),
      (error: { stdout?: string; stderr?: string }) => ({ output: `${error.stdout ?? ''}${error.stderr ?? ''}`, failed: true }),
    )
    expect(run.failed).toBe(true)
    const seed = seedFromName('checkout > charges the card')
    expect(run.output).toContain(
      `AssertionError: expected 'Unhandled' to be undefined\n  lambda-sim replay: seed=${seed} decisions=seeded faults=[{"functionName":"f","invocation":1,"fault":"error"}]`,
    )
  })
})
