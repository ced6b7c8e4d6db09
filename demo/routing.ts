/**
 * The second `npm run demo` scenario: a canary through a weighted alias.
 *
 * The story: version 1 and version 2 of a function (different code, each returning its build),
 * an alias `live` that sends 90% of the traffic to version 1 and 10% to version 2, and 1,000
 * invocations through `live`, 100 waves of 10 concurrent calls, one wave per second of virtual time.
 * Each invocation makes one seeded routing draw. The printout compares the observed split with the
 * configured weights and their expected standard deviation, shows the split as traffic grows, the
 * first executed versions, and the execution environments of each version.
 *
 * `runRoutingDemo()` returns the printed text. It is deterministic (fixed seed): two runs give the
 * same text. `runRoutingScenario()` also returns the virtual time, for `npm run demo`'s wall-clock line.
 */
import { createSimulation, type InitContext, type InvocationCompletedEvent, type LambdaContext, type SimulationOptions } from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'

export const ROUTING_SEED = 7
export const ROUTING_INVOCATIONS = 1000
const WAVE_SIZE = 10
const WAVE_EVERY_MS = 1000
const CANARY_WEIGHT = 0.1

/** Runs the routing scenario; returns its printed account and the virtual time it simulated. */
export async function runRoutingScenario(seed: number = ROUTING_SEED, recording: Partial<SimulationOptions> = {}): Promise<ScenarioRun> {
  const sim = createSimulation({ seed, ...recording })
  const startMs = sim.nowMs
  const completions = new Map<string, InvocationCompletedEvent>()
  sim.on('invocation.completed', (e) => completions.set(e.requestId, e))

  // Version 1: the current build.
  const v1 = sim.createFunction({
    functionName: 'checkout',
    memorySize: 512,
    publish: true,
    code: {
      init: async (init: InitContext) => {
        await init.sleep(150) // a 150 ms cold start
        return async (_event: unknown, context: LambdaContext) => {
          await context.sleep(40)
          return { build: 'v1', version: context.functionVersion }
        }
      },
    },
  })
  // Version 2: the canary, with different code (so a different CodeSha256).
  const v2 = sim.updateFunctionCode({
    functionName: 'checkout',
    publish: true,
    code: {
      init: async (init: InitContext) => {
        await init.sleep(150)
        return async (_event: unknown, context: LambdaContext) => {
          await context.sleep(30) // the new build is a little faster
          return { build: 'v2', version: context.functionVersion }
        }
      },
    },
  })
  const alias = sim.createAlias({
    functionName: 'checkout',
    name: 'live',
    functionVersion: '1',
    routingConfig: { additionalVersionWeights: { '2': CANARY_WEIGHT } },
  })

  // 100 waves of 10 concurrent invocations, one wave per second.
  const executed: string[] = []
  for (let wave = 0; wave < ROUTING_INVOCATIONS / WAVE_SIZE; wave++) {
    const waveStartMs = sim.nowMs
    const results = await Promise.all(Array.from({ length: WAVE_SIZE }, () => sim.invoke({ functionName: 'checkout:live' })))
    for (const result of results) {
      const version = result.executedVersion ?? '?'
      const build = (result.payload as { build?: string } | null)?.build
      if (result.statusCode !== 200 || build !== `v${version}`) {
        throw new Error(`unexpected answer: executed version ${version}, payload ${result.payloadJson}`)
      }
      executed.push(version)
    }
    await sim.advance(WAVE_EVERY_MS - (sim.nowMs - waveStartMs))
  }
  const virtualMs = sim.nowMs - startMs
  const routingDraws = sim.decisions().filter((d) => d.kind === 'alias-routing').length

  const n = executed.length
  const out: string[] = []
  out.push(`lambda-sim routing demo: a canary through a weighted alias (seed=${JSON.stringify(sim.seed)})`)
  out.push('Function "checkout" (512 MB, 150 ms init):')
  out.push(`  version 1: returns { build: 'v1' } after 40 ms   CodeSha256 ${v1.codeSha256}`)
  out.push(`  version 2: returns { build: 'v2' } after 30 ms   CodeSha256 ${v2.codeSha256}`)
  out.push(
    `Alias "live": functionVersion ${alias.functionVersion}, routingConfig.additionalVersionWeights ${JSON.stringify(alias.routingConfig?.additionalVersionWeights)} ` +
      `→ ${pct(1 - CANARY_WEIGHT, 0)} / ${pct(CANARY_WEIGHT, 0)}`,
  )
  out.push(
    `Traffic: ${thousands(n)} invocations of checkout:live, ${n / WAVE_SIZE} waves of ${WAVE_SIZE} concurrent calls, one wave per second.`,
  )
  out.push(`Routing: one seeded 'alias-routing' draw u per invocation (${thousands(routingDraws)} draws); version 2 when u < ${CANARY_WEIGHT}, else version 1.`)
  out.push('')

  out.push(`== Observed split over ${thousands(n)} invocations ==`)
  const sd = Math.sqrt(n * CANARY_WEIGHT * (1 - CANARY_WEIGHT))
  for (const [version, weight] of [
    ['1', 1 - CANARY_WEIGHT],
    ['2', CANARY_WEIGHT],
  ] as const) {
    const count = executed.filter((v) => v === version).length
    const expected = n * weight
    const z = (count - expected) / sd
    out.push(
      `  version ${version}  weight ${weight.toFixed(2)}  expected ${expected.toFixed(0)} ± ${sd.toFixed(1)}  ` +
        `observed ${count} (${pct(count / n, 1)})  ${z >= 0 ? '+' : ''}${z.toFixed(2)} sd`,
    )
  }
  out.push(
    `  Expected standard deviation of each count: √(n·w·(1−w)) = √(${n} × ${CANARY_WEIGHT} × ${(1 - CANARY_WEIGHT).toFixed(1)}) = ${sd.toFixed(2)} invocations ` +
      `(${(100 * Math.sqrt((CANARY_WEIGHT * (1 - CANARY_WEIGHT)) / n)).toFixed(2)} percentage points).`,
  )
  out.push('')

  out.push("== Version 2's share as traffic grows (low traffic, wide swings) ==")
  for (const k of [10, 20, 50, 100, 200, 500, 1000].filter((k) => k <= n)) {
    const count = executed.slice(0, k).filter((v) => v === '2').length
    const band = 100 * Math.sqrt((CANARY_WEIGHT * (1 - CANARY_WEIGHT)) / k)
    out.push(`  after ${String(k).padStart(4)} invocations: ${String(count).padStart(3)} on version 2 = ${pct(count / k, 1).padStart(6)}   (expected 10.0 % ± ${band.toFixed(1)} points)`)
  }
  out.push('')

  out.push('== First 20 executed versions (X-Amz-Executed-Version, in call order) ==')
  out.push(`  ${executed.slice(0, 20).join(' ')}`)
  out.push('')

  out.push('== Execution environments, per version ==')
  const events = [...completions.values()]
  for (const version of ['1', '2']) {
    const envs = sim.environments('checkout').filter((env) => env.version === version)
    const cold = events.filter((e) => e.version === version && e.initDurationMs !== undefined).length
    const perEnv = envs.map((env) => env.invocationCount).sort((a, b) => b - a)
    const sum = perEnv.reduce((a, b) => a + b, 0)
    out.push(
      `  version ${version}: ${envs.length} environments, ${cold} cold starts, ${sum} invocations; per environment: ${perEnv.join(' ')}`,
    )
  }
  const busiest = (version: string): number => {
    let max = 0
    for (let i = 0; i < n; i += WAVE_SIZE) max = Math.max(max, executed.slice(i, i + WAVE_SIZE).filter((v) => v === version).length)
    return max
  }
  out.push('  Each version has its own environments. A wave needs as many environments of a version as calls it routes there:')
  out.push(`  at most ${busiest('1')} of a wave's calls went to version 1, and at most ${busiest('2')} to version 2. Environments stay warm between waves.`)
  out.push('')
  out.push(`Virtual time simulated: ${(virtualMs / 1000).toFixed(3)} s (${new Date(startMs).toISOString()} → ${sim.now.toISOString()})`)
  return { text: out.join('\n'), virtualMs, simulation: sim }
}

/** Runs the routing scenario and returns its account, as printed by `npm run demo`. */
export async function runRoutingDemo(): Promise<string> {
  return (await runRoutingScenario()).text
}

function pct(fraction: number, digits: number): string {
  return `${(100 * fraction).toFixed(digits)} %`
}

function thousands(value: number): string {
  return value.toLocaleString('en-US')
}
