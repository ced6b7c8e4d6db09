/**
 * `npm run demo`: six scenarios on the virtual clock. The first (`runDemo`, below) is one Lambda
 * function and a handful of invocations; the second (`runRoutingDemo`, in demo/routing.ts) sends
 * 1,000 invocations through a 90/10 weighted alias and prints the split; the third
 * (`runConcurrencyDemo`, in demo/concurrency.ts) sends a traffic spike against reserved and
 * provisioned concurrency and prints throttles, cold starts and spillover minute by minute; the
 * fourth (demo/async.ts) follows asynchronous retries to destinations and a DLQ; the fifth
 * (`runSqsDemo`, in demo/sqs.ts) is an SQS consumer with partial failures: batches, records that
 * come back after the visibility timeout, and a poison message redriven to a dead-letter queue; the
 * sixth (`runGatewayScenario`, in demo/gateway.ts) is an HTTP API routing requests to a function
 * through `sim.fetch`: a cold start, a 404 without an invocation, a malformed result and a slow
 * handler, and what a REST API answers for the same two failures.
 *
 * `DEMO_STORIES` names them for the command line (demo/cli.ts): `npm run demo -- sqs`, or
 * `npx lambda-sim demo sqs --seed 7`, runs one; `--list` lists them.
 *
 * Scenario 1:
 * The story: a cold start (180 ms of init), two warm invocations that reuse the environment and
 * its counter, one that throws, one that times out (the environment is reset), one after the
 * timeout that initialises again, and two concurrent calls that need a second environment.
 *
 * `runDemo()` returns the printed text. Everything in it is deterministic (fixed seed) except the
 * last line, which starts with `WALL_CLOCK_PREFIX` and reports the real time the run took.
 */
import { createSimulation, type InitContext, type InvocationCompletedEvent, type InvokeResult, type LambdaContext, type Simulation, type SimulationOptions } from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'
import { ROUTING_SEED, runRoutingScenario } from './routing.js'
import { ASYNC_SEED, runAsyncScenario } from './async.js'
import { CONCURRENCY_SEED, runConcurrencyScenario } from './concurrency.js'
import { SQS_SEED, runSqsScenario } from './sqs.js'
import { GATEWAY_SEED, runGatewayScenario } from './gateway.js'

export const DEMO_SEED = 42
export const WALL_CLOCK_PREFIX = 'Wall-clock time:'

interface DemoEvent {
  readonly label: string
  readonly sleepMs?: number
  readonly fail?: boolean
}

interface Row {
  readonly label: string
  readonly completed: InvocationCompletedEvent
}

/** Runs the scenario and returns the account of it, as printed by `npm run demo`. */
export async function runDemo(seed: number = DEMO_SEED): Promise<string> {
  return (await runBasics(seed)).text
}

/** Scenario 1 with its simulation (`recording`: the options the report needs); the text ends with the wall-clock line. */
async function runBasics(seed: number = DEMO_SEED, recording: Partial<SimulationOptions> = {}): Promise<StoryRun> {
  const wallStart = performance.now()
  const sim = createSimulation({ seed, ...recording })
  const startMs = sim.nowMs

  const completions = new Map<string, InvocationCompletedEvent>()
  sim.on('invocation.completed', (e) => completions.set(e.requestId, e))

  sim.createFunction({
    functionName: 'greeter',
    timeout: 1,
    memorySize: 512,
    code: {
      // The module scope: runs once per execution environment.
      init: async (init: InitContext) => {
        init.log('loading configuration')
        await init.sleep(180) // 180 ms of virtual init (reading config, opening clients...)
        let warmCount = 0 // survives between invocations of the same environment
        return async (event: DemoEvent, context: LambdaContext) => {
          warmCount++
          context.log(`${event.label}: invocation #${warmCount} in this environment`)
          await context.sleep(event.sleepMs ?? 40) // a downstream call
          if (event.fail) throw new Error(`${event.label} failed on purpose`)
          return { label: event.label, warmCount }
        }
      },
    },
  })

  const rows: Row[] = []
  const invoke = async (event: DemoEvent): Promise<InvokeResult> => {
    const result = await sim.invoke({ functionName: 'greeter', payload: event })
    const completed = completions.get(result.requestId ?? '')
    if (completed === undefined) throw new Error(`no completion recorded for ${event.label}`)
    rows.push({ label: event.label, completed })
    return result
  }

  await invoke({ label: 'first call' })
  await sim.advance('2s')
  await invoke({ label: 'warm call', sleepMs: 25 })
  await invoke({ label: 'warm call again', sleepMs: 60 })
  await sim.advance('500ms')
  await invoke({ label: 'throws', fail: true })
  await invoke({ label: 'too slow', sleepMs: 5_000 })
  await sim.advance('1s')
  await invoke({ label: 'after timeout' })
  // Two calls in the same tick start at the same virtual instant: one environment is not enough.
  await Promise.all([invoke({ label: 'concurrent A', sleepMs: 100 }), invoke({ label: 'concurrent B', sleepMs: 100 })])

  const virtualMs = sim.nowMs - startMs
  const out: string[] = []
  out.push(`lambda-sim demo: AWS Lambda on a virtual clock (seed=${JSON.stringify(sim.seed)})`)
  out.push('Function "greeter": nodejs22.x, 512 MB, timeout 1 s; its init spends 180 ms and keeps a warm counter.')
  out.push('Calls: a cold start, two warm calls, an error, a timeout, a call after the timeout, then two at once.')
  out.push('')
  out.push('== CloudWatch log: /aws/lambda/greeter, in the order written (time since start) ==')
  const streamTags = new Map<string, string>()
  for (const line of sim.logs.events({ logGroupName: '/aws/lambda/greeter' })) {
    let tag = streamTags.get(line.logStreamName)
    if (tag === undefined) {
      tag = `env${streamTags.size + 1}`
      streamTags.set(line.logStreamName, tag)
    }
    out.push(`${clock(line.timestamp, startMs)} ${tag}  ${tidy(line.message)}`)
  }
  for (const [stream, tag] of streamTags) out.push(`  ${tag} = log stream ${stream}`)
  out.push('')
  out.push('== Invocations ==')
  out.push(table(rows, startMs, streamTags))
  out.push('')
  const count = (predicate: (e: InvocationCompletedEvent) => boolean): number => rows.filter((r) => predicate(r.completed)).length
  const billed = rows.reduce((sum, r) => sum + r.completed.billedDurationMs, 0)
  out.push(
    `Totals: ${rows.length} invocations, ${count((e) => e.coldStart)} cold starts, ${count((e) => e.status === 'success')} succeeded, ` +
      `${count((e) => e.status === 'error')} error, ${count((e) => e.status === 'timeout')} timeout; ` +
      `${sim.environments('greeter').length} environments alive; billed ${billed} ms`,
  )
  out.push(`Virtual time simulated: ${(virtualMs / 1000).toFixed(3)} s (${new Date(startMs).toISOString()} → ${sim.now.toISOString()})`)
  const wallMs = performance.now() - wallStart
  out.push(`${WALL_CLOCK_PREFIX} ${wallMs.toFixed(1)} ms real for ${(virtualMs / 1000).toFixed(3)} s virtual (${Math.round(virtualMs / Math.max(wallMs, 0.001))}× faster than real time)`)
  return { text: out.join('\n'), simulation: sim }
}

/** Tabs to spaces, no trailing blanks, stack paths relative to the project. */
function tidy(message: string): string {
  return message.replaceAll('\t', '  ').replaceAll(`${process.cwd()}/`, '').trimEnd()
}

/** `+mm:ss.mmm` since the start of the run. */
function clock(atMs: number, startMs: number): string {
  const ms = Math.round(atMs - startMs)
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.floor((ms % 60_000) / 1000)
  return `+${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`
}

function table(rows: readonly Row[], startMs: number, streamTags: ReadonlyMap<string, string>): string {
  const header = ['#', 'label', 'request', 'started', 'start', 'status', 'duration', 'billed', 'env']
  const body = rows.map((r, i) => {
    const e = r.completed
    return [
      String(i + 1),
      r.label,
      e.requestId.slice(0, 8),
      clock(e.startedAtMs, startMs),
      e.coldStart ? 'cold' : 'warm',
      e.status,
      `${e.durationMs.toFixed(2)} ms`,
      `${e.billedDurationMs} ms`,
      streamTags.get(e.logStreamName) ?? '?',
    ]
  })
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)))
  const format = (row: readonly string[]): string =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd()
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...body.map(format)].join('\n')
}

/** The header printed between the scenarios. */
export const SCENARIO_2_HEADER = 'Scenario 2: weighted routing through an alias (demo/routing.ts)'
export const SCENARIO_3_HEADER = 'Scenario 3: a traffic spike against reserved and provisioned concurrency (demo/concurrency.ts)'
export const SCENARIO_4_HEADER = 'Scenario 4: asynchronous invocation — retries, destinations and a dead-letter queue (demo/async.ts)'
export const SCENARIO_5_HEADER = 'Scenario 5: an SQS consumer with partial failures — batches, the visibility timeout, a dead-letter queue (demo/sqs.ts)'
export const SCENARIO_6_HEADER = 'Scenario 6: an HTTP API in front of a function — routes, a cold start, a malformed result, a slow handler (demo/gateway.ts)'

/** One story of the demo: its name on the command line (`lambda-sim demo sqs`), its title in the report, and how to run it. */
export interface DemoStory {
  readonly name: string
  readonly title: string
  readonly summary: string
  /** What to look for in the story's section of the report. */
  readonly description: string
  /** The story's printed account (ending with its wall-clock line) and its simulation; `recording` adds the options the report needs. */
  readonly run: (seed?: number, recording?: Partial<SimulationOptions>) => Promise<StoryRun>
}

/** A story's printed account and the simulation it ran on. */
export interface StoryRun {
  readonly text: string
  readonly simulation: Simulation
}

/** Scenarios 2 to 6 print under a header, then their wall-clock line. */
function underHeader(header: string, scenario: (seed?: number, recording?: Partial<SimulationOptions>) => Promise<ScenarioRun>): DemoStory['run'] {
  return async (seed, recording) => {
    const wallStart = performance.now()
    const { text, virtualMs, simulation } = await scenario(seed, recording)
    const wallMs = performance.now() - wallStart
    const rule = '='.repeat(header.length)
    return {
      text: [
        rule,
        header,
        rule,
        text,
        `${WALL_CLOCK_PREFIX} ${wallMs.toFixed(1)} ms real for ${(virtualMs / 1000).toFixed(3)} s virtual (${Math.round(virtualMs / Math.max(wallMs, 0.001))}× faster than real time)`,
      ].join('\n'),
      simulation,
    }
  }
}

/** What a header says, without its "Scenario n: " and source file: the story's title in the report. */
const titleOf = (header: string): string => header.replace(/^Scenario \d+: /, '').replace(/ \(demo\/\w+\.ts\)$/, '')

/** The stories in the order `npm run demo` prints them. Each uses its own seed unless one is given. */
export const DEMO_STORIES: readonly DemoStory[] = [
  { name: 'basics', title: 'one function: a cold start, warm calls, an error, a timeout, two at once', summary: `cold start, warm calls, an error, a timeout, two at once (seed ${DEMO_SEED})`, description: 'Lane env1: the cold start (180 ms of init), warm calls, an error, then a timeout that resets the environment and a second init; env2 opens for the two concurrent calls.', run: runBasics },
  { name: 'routing', title: titleOf(SCENARIO_2_HEADER), summary: `1,000 invocations through a 90/10 weighted alias (seed ${ROUTING_SEED})`, description: 'Waves of 10 invocations of checkout:live, 90 % to version 1 and 10 % to version 2: the traffic split by version, and environments of each version.', run: underHeader(SCENARIO_2_HEADER, runRoutingScenario) },
  { name: 'concurrency', title: titleOf(SCENARIO_3_HEADER), summary: `a traffic spike against reserved and provisioned concurrency (seed ${CONCURRENCY_SEED})`, description: 'The same spike on two functions: reserved (50) throttles what does not fit; provisioned:live (50 provisioned) runs warm and spills over to on-demand cold starts. The concurrency chart shows the limits.', run: underHeader(SCENARIO_3_HEADER, runConcurrencyScenario) },
  { name: 'async', title: titleOf(SCENARIO_4_HEADER), summary: `asynchronous retries, destinations and a dead-letter queue (seed ${ASYNC_SEED})`, description: 'Two Event invocations: order 1 fails twice and succeeds on its second retry; order 2 exhausts its retries (1 and 2 minutes apart) and goes to the failure destination and the dead-letter queue.', run: underHeader(SCENARIO_4_HEADER, runAsyncScenario) },
  { name: 'sqs', title: titleOf(SCENARIO_5_HEADER), summary: `an SQS consumer with partial failures and a dead-letter queue (seed ${SQS_SEED})`, description: 'An SQS event source mapping: batches of up to 5; failed records come back after the 30 s visibility timeout; the poison message ends in the dead-letter queue.', run: underHeader(SCENARIO_5_HEADER, runSqsScenario) },
  { name: 'http-api', title: titleOf(SCENARIO_6_HEADER), summary: `an HTTP API routing requests to a function: cold start, 404, 500/502, 503/504 (seed ${GATEWAY_SEED})`, description: 'Seven requests through sim.fetch: a cold start then a warm call on env1; a path with no route (no invocation); a malformed result; a 40 s handler past the integration timeout that keeps env1 busy, so the REST API request after it opens env2.', run: underHeader(SCENARIO_6_HEADER, runGatewayScenario) },
]

/** Runs the named stories (all of them when none is named) in the order given, a blank line between two. */
export async function runStories(names: readonly string[] = DEMO_STORIES.map((s) => s.name), seed?: number): Promise<string> {
  return (await playStories(names, seed)).map((played) => played.text).join('\n\n')
}

/** Runs the named stories in the order given; each result keeps its story and simulation (for the report). */
export async function playStories(
  names: readonly string[] = DEMO_STORIES.map((s) => s.name),
  seed?: number,
  recording: Partial<SimulationOptions> = {},
): Promise<(StoryRun & { readonly story: DemoStory })[]> {
  const stories = names.map((name) => {
    const story = DEMO_STORIES.find((s) => s.name === name)
    if (story === undefined) throw new UnknownStoryError(name)
    return story
  })
  const played: (StoryRun & { readonly story: DemoStory })[] = []
  for (const story of stories) played.push({ story, ...(await story.run(seed, recording)) })
  return played
}

/** A story name the demo does not have; the message lists the ones it has. */
export class UnknownStoryError extends Error {
  constructor(readonly storyName: string) {
    super(`unknown story "${storyName}"; the stories are: ${DEMO_STORIES.map((s) => s.name).join(', ')}`)
    this.name = 'UnknownStoryError'
  }
}

/** What `npm run demo` prints: scenario 1, then scenarios 2 to 6, each under a header and with its wall-clock line. */
export async function runAllDemos(): Promise<string> {
  return runStories()
}
