/**
 * The seeded stress suite (VOPR-style): each scenario is drawn from one seed — several functions
 * (versions, an alias with weights, reserved and provisioned concurrency, retries, on-failure
 * destinations and DLQs), a queue with an event source mapping, a fault plan, and a timeline of
 * sync invokes, async events, SQS sends, load-generator bursts and mid-run configuration changes
 * (timeout, code, alias weights, reserved concurrency, the mapping) and plain mistakes that must be refused
 * with a coded error, with hostile handlers (non-Error and exotic throws, promises that never
 * settle, oversleeping, circular results, huge payloads, recursion through async invokes and SNS
 * stopped by the loop detector, `context.exit`) and a listener that throws. Each scenario runs
 * twice, the second time alongside another scenario, and must give the same event-log hash
 * (determinism); every run must keep the invariants of `run-scenario.ts`: conservation, limits,
 * no hang.
 *
 * Default: 30 scenarios from seed 17 (a few seconds, in `npm test`). Environment:
 *   STRESS_RUNS=5000 npx vitest run test/stress       long mode, for local runs
 *   STRESS_SEED=123 npx vitest run test/stress        another base seed
 *   STRESS_SEED=17 STRESS_SCENARIO=12 npx vitest run test/stress   replay one scenario
 *   STRESS_KNOWN=1 npx vitest run test/stress         also draw the known-open cases below
 * A failure prints exactly such a replay line, the simulation's replay line and the scenario.
 */
import { describe, expect, it } from 'vitest'
import { runScenario } from './run-scenario.js'
import { scenarioFor, type Skippable } from './scenario.js'

/**
 * Known-open cases, kept out of the default run so the suite is green and every skip is visible:
 * `[case, 'issue N "bullet": what fails']`. Run with STRESS_KNOWN=1 to draw them anyway, and
 * delete an entry when its fix lands. The cases this suite draws (see `Skippable`) that issue 17
 * listed — exotic thrown values ('throw-error-with-throwing-message', 'throw-proxy',
 * 'thenable-then-throws'), 'throwing-listener', 'empty-event', 'interleaved-runs' and the bad
 * calls of `BAD_CALLS` — were open when the suite was written and are fixed now: none is skipped.
 */
const KNOWN_OPEN: ReadonlyMap<Skippable, string> = new Map<Skippable, string>([
  // e.g. ['throw-proxy', 'issue 17 "Exotic thrown values": a Proxy with throwing traps'],
])

const intFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`)
  return value
}

const BASE_SEED = intFromEnv('STRESS_SEED', 17)
const RUNS = intFromEnv('STRESS_RUNS', 30)
const ONLY = process.env['STRESS_SCENARIO'] === undefined ? undefined : intFromEnv('STRESS_SCENARIO', 0)
const SKIPPED = new Set<Skippable>(process.env['STRESS_KNOWN'] === '1' ? [] : KNOWN_OPEN.keys())

/** The scenario run alongside the second run of scenario i is NEIGHBOUR_OFFSET + i (not one the suite checks itself). */
const NEIGHBOUR_OFFSET = 1_000_000
const INTERLEAVE = !SKIPPED.has('interleaved-runs')

const indices = ONLY !== undefined ? [ONLY] : Array.from({ length: RUNS }, (_, i) => i)

describe(`stress: ${indices.length} seeded scenarios from STRESS_SEED=${BASE_SEED}`, () => {
  it.each(indices)('scenario %i keeps determinism, conservation, limits and ends', { timeout: 60_000 }, async (index) => {
    const scenario = scenarioFor(BASE_SEED, index, SKIPPED)
    const problems: string[] = []
    let replayLine = '(the run threw before it had one)'
    let events = 0
    try {
      const first = await runScenario(scenario)
      replayLine = first.replayLine
      events = first.summary['events'] ?? 0
      // The second run shares the process with another scenario running at the same time: the
      // seed alone must decide the log, not what else runs (issue 17, "Nondeterminism").
      const [second] = INTERLEAVE
        ? await Promise.all([runScenario(scenario), runScenario(scenarioFor(BASE_SEED, NEIGHBOUR_OFFSET + index, SKIPPED))])
        : [await runScenario(scenario)]
      problems.push(...first.violations)
      for (const v of second.violations) if (!first.violations.includes(v)) problems.push(`second run only: ${v}`)
      if (second.eventLogHash !== first.eventLogHash) problems.push(`nondeterminism: event-log hash ${first.eventLogHash.slice(0, 12)} then ${second.eventLogHash.slice(0, 12)}`)
      if (JSON.stringify(second.summary) !== JSON.stringify(first.summary)) problems.push(`nondeterminism: ${JSON.stringify(first.summary)} then ${JSON.stringify(second.summary)}`)
    } catch (error) {
      // Setting the scenario up threw (the timeline's own errors are violations): report it the same way.
      problems.push(`the scenario threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
    if (problems.length > 0) {
      const replay = [
        `stress scenario failed: ${problems.length} problem(s)`,
        ...problems.slice(0, 20).map((p) => `  - ${p}`),
        `  rerun: STRESS_SEED=${BASE_SEED} STRESS_SCENARIO=${index}${process.env['STRESS_KNOWN'] === '1' ? ' STRESS_KNOWN=1' : ''} npx vitest run test/stress`,
        `  lambda-sim replay: ${replayLine}`,
        `  scenario: ${JSON.stringify(scenario)}`,
      ].join('\n')
      expect.fail(replay)
    }
    expect(events).toBeGreaterThan(0)
  })

  it('lists its skips (known-open cases)', () => {
    // Visible in the test output: what the default run does not draw, and why.
    for (const [skipped, why] of KNOWN_OPEN) if (SKIPPED.has(skipped)) console.info(`stress skip: ${skipped} — ${why}`)
    expect([...SKIPPED].every((b) => KNOWN_OPEN.has(b))).toBe(true)
  })
})
