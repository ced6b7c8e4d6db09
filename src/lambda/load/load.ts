/**
 * Load generators: traffic on the virtual clock. Each arrival is a kernel event that schedules the
 * next one (so a million arrivals cost no memory up front) and invokes the function synchronously,
 * exactly as `sim.invoke` would — concurrency, scaling rate and request rate all apply. Outcomes are
 * counted, not retained; pass `onResult` to see each one.
 *
 * Patterns: constant rate, Poisson (seeded: one `'load.poisson'` decision per arrival, plus the one
 * that falls past the end of the window), a burst at
 * one instant, steps of constant rates, a linear ramp (as steps), and replay of arrival offsets.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseDurationMs } from '../../config/duration.js'
import { SimulationError } from '../../kernel/simulation-error.js'
import type { Decider } from '../../kernel/decisions.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { InvocationStatus } from '../../observability/events.js'
import type { ThrottleReason } from '../../model/concurrency.js'
import { NO_LINEAGE } from '../../model/lineage.js'
import type { AttemptListener, AttemptResult, InvocationEngine } from '../invoke/invocation-engine.js'
import type { InvokeInput, PreparedInvoke, SyncInvoker } from '../invoke/sync-invoke.js'

const duration = schemaOnFirstUse(() => z.union([z.number().nonnegative(), z.string()]))
/**
 * The most arrivals one `generateLoad` may plan (10 million: minutes of driving), and the highest
 * rate (a million a second: arrivals at least a microsecond apart). A pattern beyond either is
 * refused before any traffic, with a `load-limit` SimulationError, instead of a drive that would
 * not end in any useful time. Split a bigger run into several loads.
 */
export const LOAD_ARRIVALS_MAX = 10_000_000
export const LOAD_RATE_MAX_PER_SECOND = 1_000_000
const rate = schemaOnFirstUse(() => z.number().positive().max(LOAD_RATE_MAX_PER_SECOND))
const rateOrZero = schemaOnFirstUse(() => z.number().nonnegative().max(LOAD_RATE_MAX_PER_SECOND))

export const loadPatternSchema = schemaOnFirstUse(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), ratePerSecond: rate, duration }).strict(),
  z.object({ kind: z.literal('poisson'), ratePerSecond: rate, duration }).strict(),
  z.object({ kind: z.literal('burst'), count: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('steps'), steps: z.array(z.object({ ratePerSecond: rateOrZero, duration }).strict()).min(1) }).strict(),
  z
    .object({
      kind: z.literal('ramp'),
      fromRatePerSecond: rateOrZero,
      toRatePerSecond: rateOrZero,
      duration,
      /** Length of each constant-rate step of the ramp (default `'1s'`). */
      stepEvery: duration.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('arrivals'), offsetsMs: z.array(z.number().nonnegative()) }).strict(),
]))

export type LoadPattern = z.input<typeof loadPatternSchema>

/** The spec's own fields (the pattern is checked on its own, the invocation by `Invoke`'s rules): no typo passes unseen. */
const loadSpecSchema = schemaOnFirstUse(() => z
  .object({
    functionName: z.unknown(),
    qualifier: z.unknown().optional(),
    payload: z.unknown().optional(),
    pattern: z.unknown(),
    startAfter: z.union([z.number(), z.string()]).optional(),
    onResult: z.custom<(result: LoadResult) => void>((value) => typeof value === 'function', 'expected a function').optional(),
    caller: z.unknown().optional(),
  })
  .strict())

export interface LoadSpec {
  readonly functionName: string
  readonly qualifier?: string
  /** The event: a value, or a function of the arrival's index (0, 1, 2, …). */
  readonly payload?: unknown
  readonly pattern: LoadPattern
  /** Start this long after now (default 0). */
  readonly startAfter?: number | string
  /** Called with each outcome, at the virtual instant it happens. */
  readonly onResult?: (result: LoadResult) => void
  readonly caller?: InvokeInput['caller']
}

export interface LoadResult {
  readonly index: number
  readonly arrivedAtMs: number
  readonly outcome: InvocationStatus | 'throttled'
  readonly throttleReason?: string
  readonly durationMs?: number
  readonly coldStart?: boolean
}

export interface LoadStats {
  /** Arrivals so far. */
  sent: number
  succeeded: number
  /** Function errors, timeouts and crashes. */
  failed: number
  throttled: number
  throttledByReason: Record<string, number>
  coldStarts: number
  /** Arrivals whose outcome is not known yet. */
  inFlight: number
}

export interface LoadRun {
  readonly stats: Readonly<LoadStats>
  /** Arrivals the pattern will produce in all. */
  readonly plannedArrivals: number
  /** True when every arrival happened and every outcome is known. */
  readonly finished: boolean
}

/** The pattern as arrival offsets, produced one by one (no array of a million numbers). */
function* arrivalOffsets(pattern: z.output<typeof loadPatternSchema>, draw: () => number, replay: string): Generator<number> {
  const ms = (value: number | string, what: string): number => parseDurationMs(value, what, replay)
  switch (pattern.kind) {
    case 'constant': {
      const gap = 1000 / pattern.ratePerSecond
      const count = constantCount(pattern, replay)
      for (let i = 0; i < count; i++) yield i * gap
      return
    }
    case 'poisson': {
      const end = ms(pattern.duration, 'load duration')
      const mean = 1000 / pattern.ratePerSecond
      for (let t = -Math.log(1 - draw()) * mean; t < end; t += -Math.log(1 - draw()) * mean) yield t
      return
    }
    case 'burst':
      for (let i = 0; i < pattern.count; i++) yield 0
      return
    case 'steps': {
      let start = 0
      for (const step of pattern.steps) {
        const length = ms(step.duration, 'step duration')
        if (step.ratePerSecond > 0) {
          const gap = 1000 / step.ratePerSecond
          for (let t = 0; t < length - 1e-9; t += gap) yield start + t
        }
        start += length
      }
      return
    }
    case 'ramp': {
      const total = ms(pattern.duration, 'ramp duration')
      const every = ms(pattern.stepEvery ?? '1s', 'ramp stepEvery')
      const stepCount = Math.max(1, Math.round(total / every))
      for (let s = 0; s < stepCount; s++) {
        const fraction = stepCount === 1 ? 1 : s / (stepCount - 1)
        const stepRate = pattern.fromRatePerSecond + (pattern.toRatePerSecond - pattern.fromRatePerSecond) * fraction
        if (stepRate <= 0) continue
        const gap = 1000 / stepRate
        for (let t = 0; t < every - 1e-9; t += gap) yield s * every + t
      }
      return
    }
    case 'arrivals':
      yield* [...pattern.offsetsMs].sort((a, b) => a - b)
      return
  }
}

/**
 * The next arrival offset, or -1 when the pattern is over. Constant and Poisson patterns (the ones
 * a long run uses) step without a generator, so an arrival allocates nothing; Poisson draws in the
 * same order as the generator does (one per arrival, plus the one past the end).
 */
type NextOffset = () => number

function offsetCursor(pattern: z.output<typeof loadPatternSchema>, draw: () => number, replay: string): NextOffset {
  if (pattern.kind === 'constant') {
    const gap = 1000 / pattern.ratePerSecond
    const count = constantCount(pattern, replay)
    let index = 0
    return () => (index < count ? index++ * gap : -1)
  }
  if (pattern.kind === 'poisson') {
    const end = parseDurationMs(pattern.duration, 'load duration', replay)
    const mean = 1000 / pattern.ratePerSecond
    let t = 0
    let over = false
    return () => {
      if (over) return -1
      t += -Math.log(1 - draw()) * mean
      if (t < end) return t
      over = true
      return -1
    }
  }
  const offsets = arrivalOffsets(pattern, draw, replay)
  return () => {
    const next = offsets.next()
    return next.done === true ? -1 : next.value
  }
}

/** Arrivals of a constant-rate pattern: one every 1000/rate ms over the duration. */
function constantCount(pattern: { readonly ratePerSecond: number; readonly duration: number | string }, replay: string): number {
  return Math.floor((parseDurationMs(pattern.duration, 'load duration', replay) * pattern.ratePerSecond) / 1000)
}

/**
 * Refuses, before any traffic, a pattern whose work has no useful bound: a ramp step of 0 (endless
 * steps), more steps or (expected) arrivals than `LOAD_ARRIVALS_MAX`. Counts are estimated from
 * rates × lengths (an upper bound, so nothing is iterated yet).
 */
function checkLoadBounds(pattern: z.output<typeof loadPatternSchema>, replay: string): void {
  const ms = (value: number | string, what: string): number => parseDurationMs(value, what, replay)
  const refuse = (what: string, count: number): never => {
    throw new SimulationError(
      'load-limit',
      `generateLoad: ${what} ${count > 1e15 ? count.toExponential(2) : Math.ceil(count)}, more than the ${LOAD_ARRIVALS_MAX} one load may plan; split it into several loads or lower the rate`,
      replay,
      { planned: count, max: LOAD_ARRIVALS_MAX },
    )
  }
  const arrivalsOver = (ratePerSecond: number, lengthMs: number): number => (ratePerSecond === 0 ? 0 : (ratePerSecond * lengthMs) / 1000 + 1)
  let estimate = 0
  switch (pattern.kind) {
    case 'constant':
    case 'poisson':
      estimate = (pattern.ratePerSecond * ms(pattern.duration, 'load duration')) / 1000
      break
    case 'burst':
      estimate = pattern.count
      break
    case 'arrivals':
      estimate = pattern.offsetsMs.length
      break
    case 'steps':
      for (const step of pattern.steps) estimate += arrivalsOver(step.ratePerSecond, ms(step.duration, 'step duration'))
      break
    case 'ramp': {
      const total = ms(pattern.duration, 'ramp duration')
      const every = ms(pattern.stepEvery ?? '1s', 'ramp stepEvery')
      if (every <= 0) throw new SimulationError('invalid-argument', 'generateLoad: ramp stepEvery must be longer than 0 ms (a step of 0 never ends the ramp)', replay)
      const stepCount = Math.max(1, Math.round(total / every))
      if (stepCount > LOAD_ARRIVALS_MAX) refuse('the ramp has steps:', stepCount)
      estimate = stepCount * arrivalsOver(Math.max(pattern.fromRatePerSecond, pattern.toRatePerSecond), every)
      break
    }
  }
  if (estimate > LOAD_ARRIVALS_MAX) refuse(pattern.kind === 'poisson' ? 'the pattern is expected to make arrivals:' : 'the pattern makes arrivals:', estimate)
}

/** How many arrivals a pattern produces (counted without a decision for Poisson: unknown → -1). */
function plannedCount(pattern: z.output<typeof loadPatternSchema>, replay: string): number {
  if (pattern.kind === 'poisson') return -1
  if (pattern.kind === 'constant') return constantCount(pattern, replay)
  let count = 0
  for (const _ of arrivalOffsets(pattern, () => 0, replay)) count++
  return count
}

/** One `generateLoad` run: it schedules its arrivals one at a time and listens to every attempt. */
class ActiveLoad implements AttemptListener {
  readonly stats: LoadStats = { sent: 0, succeeded: 0, failed: 0, throttled: 0, throttledByReason: {}, coldStarts: 0, inFlight: 0 }
  generatorDone = false
  /** The index of the arrival scheduled next. */
  nextIndex = 0

  constructor(
    readonly generator: LoadGenerator,
    readonly prepared: PreparedInvoke,
    readonly startMs: number,
    readonly nextOffset: NextOffset,
    readonly payloadOf: ((index: number) => unknown) | undefined,
    readonly onResult: LoadSpec['onResult'],
  ) {}

  attemptCompleted(result: AttemptResult, index: number): void {
    const stats = this.stats
    stats.inFlight--
    if (result.status === 'success') stats.succeeded++
    else stats.failed++
    if (result.coldStart) stats.coldStarts++
    this.onResult?.({ index, arrivedAtMs: result.admittedAtMs, outcome: result.status, durationMs: result.durationMs, coldStart: result.coldStart })
  }

  attemptThrottled(reason: ThrottleReason, index: number): void {
    const stats = this.stats
    stats.inFlight--
    stats.throttled++
    stats.throttledByReason[reason] = (stats.throttledByReason[reason] ?? 0) + 1
    this.onResult?.({ index, arrivedAtMs: this.generator.nowMs, outcome: 'throttled', throttleReason: reason })
  }
}

/** An arrival is due: schedule the next one, then invoke (one shared function, no closure per arrival). */
const arrive = (load: ActiveLoad): void => {
  const index = load.nextIndex++
  load.generator.scheduleNext(load)
  load.generator.fire(load, index)
}

export class LoadGenerator {
  constructor(
    private readonly kernel: Kernel,
    private readonly invoker: SyncInvoker,
    private readonly engine: InvocationEngine,
    private readonly decider: Decider,
  ) {}

  get nowMs(): number {
    return this.kernel.nowMs
  }

  start(spec: LoadSpec): LoadRun {
    const replay = this.kernel.replayLine()
    const shape = loadSpecSchema.safeParse(spec)
    if (!shape.success) {
      throw new SimulationError('invalid-argument', `generateLoad: ${shape.error.issues.map((i) => `${i.path.length === 0 ? '(spec)' : i.path.join('.')}: ${i.message}`).join('; ')}`, replay)
    }
    const parsed = loadPatternSchema.safeParse(spec.pattern)
    if (!parsed.success) {
      throw new SimulationError('invalid-argument', `generateLoad pattern: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, replay)
    }
    checkLoadBounds(parsed.data, replay)
    const payloadOf = typeof spec.payload === 'function' ? (spec.payload as (index: number) => unknown) : undefined
    const prepared = this.invoker.prepare({
      functionName: spec.functionName,
      ...(spec.qualifier !== undefined ? { qualifier: spec.qualifier } : {}),
      ...(spec.caller !== undefined ? { caller: spec.caller } : {}),
      payload: payloadOf === undefined ? spec.payload : this.payloadValueAt(payloadOf, 0),
    })
    if ('immediate' in prepared) {
      throw new SimulationError(
        'invalid-argument',
        `generateLoad: the invocation is refused before any traffic: ${prepared.immediate.error?.name ?? prepared.immediate.statusCode}: ${prepared.immediate.error?.message ?? ''}`,
        replay,
      )
    }
    const startMs = this.kernel.nowMs + (spec.startAfter === undefined ? 0 : parseDurationMs(spec.startAfter, 'startAfter', replay))
    const nextOffset = offsetCursor(parsed.data, () => this.decider.decide('load.poisson'), replay)
    const load = new ActiveLoad(this, prepared.prepared, startMs, nextOffset, payloadOf, spec.onResult)
    const stats = load.stats
    const run = {
      stats,
      plannedArrivals: plannedCount(parsed.data, replay),
      get finished(): boolean {
        return load.generatorDone && stats.inFlight === 0
      },
    }
    // Each arrival schedules the next one, so the pattern is never held in memory.
    this.scheduleNext(load)
    return run
  }

  /** @internal */
  scheduleNext(load: ActiveLoad): void {
    const offset = load.nextOffset()
    if (offset < 0) {
      load.generatorDone = true
      return
    }
    this.kernel.scheduleTransient(load.startMs + offset, arrive, load)
  }

  /** The payload function's value for arrival `index`; what it throws becomes a coded error. */
  private payloadValueAt(payloadOf: (index: number) => unknown, index: number): unknown {
    try {
      return payloadOf(index)
    } catch (error) {
      throw new SimulationError('invalid-argument', `generateLoad payload #${index}: the payload function threw: ${describeThrown(error)}`, this.kernel.replayLine(), { cause: error })
    }
  }

  /** The payload function's JSON for arrival `index`. */
  private payloadAt(payloadOf: (index: number) => unknown, index: number): string {
    return this.invoker.serializePayload(this.payloadValueAt(payloadOf, index))
  }

  /** @internal */
  fire(load: ActiveLoad, index: number): void {
    const stats = load.stats
    const prepared = load.prepared
    let payloadJson = prepared.payloadJson
    if (load.payloadOf !== undefined && index > 0) {
      // Before the arrival is counted: a bad payload ends the drive with a coded error and this
      // arrival is not sent (nor left in flight forever); the load goes on with the next one.
      payloadJson = this.payloadAt(load.payloadOf, index)
      const problem = this.invoker.checkPayload(payloadJson)
      if (problem !== undefined) throw new SimulationError('invalid-argument', `generateLoad payload #${index}: ${problem.message}`, this.kernel.replayLine())
    }
    stats.sent++
    stats.inFlight++
    // The id stays packed until someone reads it (most load invocations: nobody).
    this.invoker.dispatch(prepared, this.engine.mintRequestId(), payloadJson, load, NO_LINEAGE, index)
  }
}

/** A thrown value as text, whatever it is (its `toString` may itself throw). */
function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return 'an unprintable value'
  }
}
