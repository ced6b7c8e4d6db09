import { describe, expect, it } from 'vitest'
import { runDemo, runAllDemos, SCENARIO_2_HEADER, WALL_CLOCK_PREFIX } from '../demo/run.js'
import { ROUTING_INVOCATIONS, runRoutingDemo } from '../demo/routing.js'

/** The demo's text without the wall-clock line (the only line that varies between runs). */
function stable(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(WALL_CLOCK_PREFIX))
    .join('\n')
}

describe('demo', () => {
  it('runDemo - tells the whole story: cold start, warm calls, error, timeout, re-init, second environment', async () => {
    const text = await runDemo()
    expect(text).toContain('seed=42')
    expect(text).toContain('Init Duration: 180.00 ms')
    expect(text).toContain('Status: timeout')
    expect(text).toContain('Invoke Error')
    expect(text).toContain('throws failed on purpose')
    // The environment re-initialises after the timeout: three INIT_START lines in all (env1 twice, env2 once).
    expect(text.match(/INIT_START/g)).toHaveLength(3)
    expect(text).toContain('after timeout: invocation #1 in this environment')
    expect(text).toContain('warm call again: invocation #3 in this environment')
    expect(text).toContain('concurrent B: invocation #1 in this environment')
    expect(text).toContain('Totals: 8 invocations, 3 cold starts, 6 succeeded, 1 error, 1 timeout; 2 environments alive; billed 1945 ms')
    expect(text).toContain('Virtual time simulated: 5.345 s')
    expect(text).toMatch(new RegExp(`^${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 5\\.345 s virtual`, 'm'))
  })

  it('runDemo - the same seed prints the same text (apart from the wall-clock line)', async () => {
    const first = await runDemo()
    const second = await runDemo()
    expect(stable(second)).toBe(stable(first))
    expect(stable(first)).not.toContain(WALL_CLOCK_PREFIX)
  })

  it('runRoutingDemo - 1,000 invocations through a 90/10 alias reach both versions, split near the weights', async () => {
    const text = await runRoutingDemo()
    expect(ROUTING_INVOCATIONS).toBe(1000)
    expect(text).toContain('Traffic: 1,000 invocations of checkout:live')
    expect(text).toContain('(1,000 draws)')
    const observed = (version: string): number => {
      const match = new RegExp(`^  version ${version}  weight [\\d.]+  expected \\d+ ± [\\d.]+  observed (\\d+) `, 'm').exec(text)
      expect(match, `split line for version ${version}`).not.toBeNull()
      return Number(match?.[1])
    }
    const v1 = observed('1')
    const v2 = observed('2')
    expect(v1 + v2).toBe(1000)
    expect(v1).toBeGreaterThan(0)
    expect(v2).toBeGreaterThan(0)
    // 4 standard deviations of a binomial(1000, 0.1) count: √(1000 · 0.1 · 0.9) ≈ 9.5.
    expect(Math.abs(v2 - 100)).toBeLessThanOrEqual(38)
    // The first executed versions, both environments lines, and the virtual time.
    const sequence = /^== First 20 executed versions .*\n {2}((?:[12] ){19}[12])$/m.exec(text)
    expect(sequence, 'first 20 executed versions').not.toBeNull()
    expect(text).toMatch(/^ {2}version 1: \d+ environments, \d+ cold starts, \d+ invocations; per environment: [\d ]+$/m)
    expect(text).toMatch(/^ {2}version 2: \d+ environments, \d+ cold starts, \d+ invocations; per environment: [\d ]+$/m)
    expect(text).toContain('Virtual time simulated: 100.000 s')
  })

  it('runRoutingDemo - the same seed prints the same text', async () => {
    expect(await runRoutingDemo()).toBe(await runRoutingDemo())
  })

  it('runAllDemos - npm run demo prints scenario 1 unchanged, then the routing scenario under a header', async () => {
    const text = await runAllDemos()
    const [first, second] = text.split(`\n${SCENARIO_2_HEADER}\n`)
    expect(second).toBeDefined()
    expect(stable(first ?? '')).toContain(stable(await runDemo()))
    expect(stable(second ?? '')).toBe(`${'='.repeat(SCENARIO_2_HEADER.length)}\n${await runRoutingDemo()}`)
    expect(text).toMatch(new RegExp(`${WALL_CLOCK_PREFIX} \\d+\\.\\d ms real for 100\\.000 s virtual`))
  })
})
