import { describe, expect, it } from 'vitest'
import { runDemo, WALL_CLOCK_PREFIX } from '../demo/run.js'

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
})
