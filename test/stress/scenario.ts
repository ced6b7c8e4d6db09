/**
 * The stress suite's scenario generator: one seeded PRNG draws a whole scenario as plain data
 * (JSON, so a failure can print it): functions, a queue with an event source mapping, a fault
 * plan, and a timeline of workload and configuration changes. `scenarioFor(seed, index)` is a
 * pure function: the same pair gives the same scenario in any process.
 */
import { Prng } from '../../src/kernel/prng.js'
import type { InvocationFaultSpec } from '../../src/index.js'

/** What a handler does when it receives an event with this behaviour. */
export const BEHAVIOURS = [
  'ok',
  'slow',
  'throw-error',
  'throw-string',
  'throw-number',
  'throw-null',
  'throw-undefined',
  'throw-object',
  'reject-non-error',
  'never-settles',
  'oversleep',
  'circular',
  'huge-response',
  'recurse',
  'exit',
  // Exotic thrown values (issue 17, "Exotic thrown values"): drawn only when not in the skip list.
  'throw-error-with-throwing-message',
  'throw-proxy',
  'thenable-then-throws',
] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

/**
 * Calls the "plain mistakes" make mid-run. Each must be refused with a coded error (a
 * `SimulationError` carrying the replay line, or AWS's exception) and leave the run consistent.
 */
export const BAD_CALLS = [
  'load-ramp-step-0',
  'load-rate-1e9',
  'metrics-period-0',
  'metrics-period-negative',
  'advance-2e53',
  'invoke-payload-function',
  'invoke-payload-and-json',
  'metrics-percentile-p101',
] as const
export type BadCall = (typeof BAD_CALLS)[number]

/** What a record of the mapped queue does: succeed, fail its first receive, or fail always. */
export type RecordBehaviour = 'ok' | 'fail-once' | 'poison'

export interface FunctionPlan {
  readonly name: string
  /** Seconds. */
  readonly timeoutS: number
  readonly reserved?: number
  /** Two published versions and an alias `live` → 1, with this weight on version 2 (0: none). */
  readonly alias?: { readonly weightOnV2: number; readonly provisioned: number }
  readonly maxRetry: number
  /** Async failures go to an on-failure queue destination. */
  readonly onFailure: boolean
  /** Async failures go to a dead-letter queue. */
  readonly deadLetter: boolean
  /** Successes go to an SNS topic the function is subscribed to: a loop through SNS that only the loop detector or the message size ends. */
  readonly snsLoop: boolean
}

export interface QueuePlan {
  readonly batchSize: number
  readonly visibilityS: number
  readonly maxReceiveCount: number
  readonly reportFailures: boolean
  readonly consumerTimeoutS: number
  readonly consumerReserved?: number
}

export type Step =
  | { readonly atMs: number; readonly kind: 'sync' | 'event'; readonly fn: string; readonly alias: boolean; readonly behaviour: Behaviour }
  | { readonly atMs: number; readonly kind: 'huge-event' | 'empty-event'; readonly fn: string }
  | { readonly atMs: number; readonly kind: 'sqs'; readonly records: readonly RecordBehaviour[] }
  | { readonly atMs: number; readonly kind: 'sqs-oversized' }
  | { readonly atMs: number; readonly kind: 'load'; readonly fn: string; readonly alias: boolean; readonly count: number; readonly behaviour: Behaviour }
  | { readonly atMs: number; readonly kind: 'update-configuration'; readonly fn: string; readonly timeoutS: number }
  | { readonly atMs: number; readonly kind: 'update-code'; readonly fn: string }
  | { readonly atMs: number; readonly kind: 'alias-weight'; readonly fn: string; readonly weightOnV2: number }
  | { readonly atMs: number; readonly kind: 'reserved'; readonly fn: string; readonly value: number | null }
  | { readonly atMs: number; readonly kind: 'bad-call'; readonly fn: string; readonly call: BadCall }
  | { readonly atMs: number; readonly kind: 'update-mapping'; readonly batchSize: number; readonly enabled: boolean }

export interface StressScenario {
  readonly seed: number
  readonly index: number
  /** The simulation's seed. */
  readonly simSeed: number
  readonly accountLimit: number
  readonly duplicates: boolean
  readonly functions: readonly FunctionPlan[]
  readonly queue?: QueuePlan
  readonly faults: readonly InvocationFaultSpec[]
  readonly steps: readonly Step[]
  /** An `invocation.completed` listener throws on this completion (1-based); 0: none. */
  readonly throwingListenerAt: number
}

/** What a skip list can keep out of the draw: a hostile behaviour, or another known-open case. */
export type Skippable = Behaviour | BadCall | 'throwing-listener' | 'empty-event' | 'interleaved-runs'

/** Small drawing helpers over the kernel's seeded PRNG. */
class Draw {
  constructor(private readonly prng: Prng) {}
  float(): number {
    return this.prng.next()
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.prng.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.prng.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.prng.next() * items.length)] as T
  }
  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0)
    let at = this.prng.next() * total
    for (const [value, weight] of items) {
      if ((at -= weight) < 0) return value
    }
    return (items[items.length - 1] as readonly [T, number])[0]
  }
}

/** Behaviour weights: mostly plain work, every hostile kind now and then. */
const BEHAVIOUR_WEIGHTS: readonly (readonly [Behaviour, number])[] = [
  ['ok', 30],
  ['slow', 10],
  ['throw-error', 4],
  ['throw-string', 2],
  ['throw-number', 1],
  ['throw-null', 1],
  ['throw-undefined', 1],
  ['throw-object', 2],
  ['reject-non-error', 2],
  ['never-settles', 2],
  ['oversleep', 2],
  ['circular', 2],
  ['huge-response', 1],
  ['recurse', 1],
  ['exit', 2],
  ['throw-error-with-throwing-message', 1],
  ['throw-proxy', 1],
  ['thenable-then-throws', 1],
]

/**
 * The scenario `index` of the run seeded `seed`. Behaviours in `skipped` are never drawn (the
 * known-open cases of the skip list); the draws stay the same otherwise (a skipped behaviour
 * becomes `ok`), so a scenario keeps its shape when the skip list changes.
 */
export function scenarioFor(seed: number, index: number, skipped: ReadonlySet<Skippable> = new Set()): StressScenario {
  const d = new Draw(new Prng(`stress:${seed}/${index}`))
  const behaviour = (): Behaviour => {
    const drawn = d.weighted(BEHAVIOUR_WEIGHTS)
    return skipped.has(drawn) ? 'ok' : drawn
  }
  const functionCount = d.int(1, 3)
  const functions: FunctionPlan[] = []
  for (let i = 0; i < functionCount; i++) {
    const withAlias = d.chance(0.5)
    const reserved = d.chance(0.4) ? d.int(0, 4) : undefined
    functions.push({
      name: `fn${i + 1}`,
      timeoutS: d.pick([1, 2, 3, 10]),
      ...(reserved !== undefined ? { reserved } : {}),
      // Provisioned concurrency only where no reserved concurrency could refuse it.
      ...(withAlias ? { alias: { weightOnV2: d.pick([0, 0.1, 0.5, 0.9]), provisioned: reserved === undefined && d.chance(0.5) ? d.int(1, 2) : 0 } } : {}),
      maxRetry: d.int(0, 2),
      onFailure: d.chance(0.5),
      deadLetter: d.chance(0.5),
      snsLoop: d.chance(0.1),
    })
  }
  const queue: QueuePlan | undefined = d.chance(0.6)
    ? {
        batchSize: d.pick([1, 2, 5, 10]),
        visibilityS: d.pick([5, 30]),
        maxReceiveCount: d.int(1, 3),
        reportFailures: d.chance(0.5),
        consumerTimeoutS: d.pick([1, 3]),
        ...(d.chance(0.3) ? { consumerReserved: d.int(1, 2) } : {}),
      }
    : undefined

  const steps: Step[] = []
  const stepCount = d.int(3, 14)
  for (let i = 0; i < stepCount; i++) {
    const atMs = d.chance(0.3) ? 0 : d.int(0, 20_000)
    const fnPlan = d.pick(functions)
    const fn = fnPlan.name
    const alias = fnPlan.alias !== undefined && d.chance(0.6)
    const kind = d.weighted<Step['kind']>([
      ['sync', 6],
      ['event', 8],
      ['huge-event', 1],
      ['empty-event', 1],
      ['sqs', queue === undefined ? 0 : 4],
      ['sqs-oversized', queue === undefined ? 0 : 1],
      ['load', 2],
      ['update-configuration', 1],
      ['update-code', 1],
      ['alias-weight', fnPlan.alias === undefined ? 0 : 1],
      // Reserved concurrency changes only where there is no provisioned concurrency to conflict with.
      ['reserved', (fnPlan.alias?.provisioned ?? 0) > 0 ? 0 : 1],
      ['bad-call', 1],
      ['update-mapping', queue === undefined ? 0 : 1],
    ])
    switch (kind) {
      case 'sync':
      case 'event':
        steps.push({ atMs, kind, fn, alias, behaviour: behaviour() })
        break
      case 'huge-event':
        steps.push({ atMs, kind, fn })
        break
      case 'empty-event':
        if (!skipped.has('empty-event')) steps.push({ atMs, kind, fn })
        break
      case 'sqs': {
        const records: RecordBehaviour[] = []
        for (let r = d.int(1, 6); r > 0; r--) records.push(d.weighted<RecordBehaviour>([['ok', 6], ['fail-once', 2], ['poison', 1]]))
        steps.push({ atMs, kind, records })
        break
      }
      case 'load':
        steps.push({ atMs, kind, fn, alias, count: d.int(1, 25), behaviour: d.chance(0.7) ? d.pick<Behaviour>(['ok', 'slow']) : behaviour() })
        break
      case 'update-configuration':
        steps.push({ atMs, kind, fn, timeoutS: d.pick([1, 2, 3, 10]) })
        break
      case 'update-code':
        steps.push({ atMs, kind, fn })
        break
      case 'alias-weight':
        steps.push({ atMs, kind, fn, weightOnV2: d.pick([0, 0.2, 0.5, 0.99]) })
        break
      case 'reserved':
        steps.push({ atMs, kind, fn, value: d.chance(0.25) ? null : d.int(0, 4) })
        break
      case 'sqs-oversized':
        steps.push({ atMs, kind })
        break
      case 'update-mapping':
        steps.push({ atMs, kind, batchSize: d.pick([1, 3, 10]), enabled: d.chance(0.7) })
        break
      case 'bad-call': {
        const call = d.pick(BAD_CALLS)
        if (!skipped.has(call)) steps.push({ atMs, kind, fn, call })
        break
      }
    }
  }
  steps.sort((a, b) => a.atMs - b.atMs)

  const faults: InvocationFaultSpec[] = []
  for (let f = d.chance(0.5) ? d.int(1, 4) : 0; f > 0; f--) {
    const fault = d.pick(['duplicate', 'error', 'crash', 'timeout', 'throttle'] as const)
    const attempt = fault === 'duplicate' ? 1 : d.int(1, 3)
    faults.push({ functionName: d.pick(functions).name, invocation: d.int(1, 6), ...(attempt > 1 ? { attempt } : {}), fault })
  }

  return {
    seed,
    index,
    simSeed: d.int(0, 0x7fff_ffff),
    accountLimit: d.pick([10, 20, 1000]),
    duplicates: d.chance(0.2),
    functions,
    ...(queue !== undefined ? { queue } : {}),
    faults,
    steps,
    throwingListenerAt: d.chance(0.15) && !skipped.has('throwing-listener') ? d.int(1, 10) : 0,
  }
}
