/**
 * `createSimulation` options: validated with zod, then normalised (milliseconds, units last).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { parseDurationMs, parseOptionalDurationMs } from '../config/duration.js'
import { checkVirtualTime } from '../config/virtual-time.js'
import { metricsOptionSchema, metricTiersOf } from '../config/metric-retention.js'
import type { RollupTier } from '../observability/metric-series.js'
import { SimulationError } from '../kernel/simulation-error.js'
import type { Decision } from '../kernel/decisions.js'
import { defaultKernelLimits, type KernelLimits } from '../kernel/kernel.js'
import { drawSeed } from '../kernel/realtime.js'
import type { BillingRules } from '../model/billing.js'
import type { AccountConcurrency } from '../model/concurrency-config.js'
import { regionalBurst, type ScalingRules } from '../model/concurrency.js'
import type { EscapePolicy } from '../lambda/invoke/invocation-engine.js'
import { faultPlanSchema, type FaultSpec } from '../lambda/invoke/fault-plan.js'
import { DEFAULT_FUNCTION_STATE_DELAYS, type FunctionStateDelays } from '../lambda/control/function-states.js'

/** 2024-01-01T00:00:00.000Z: a fixed start, so two runs print the same timestamps. */
export const DEFAULT_START_MS = Date.UTC(2024, 0, 1)

// The defaults, resolved once: a property test makes thousands of simulations with them.
/** `environments.idleTimeout`: '10m'. */
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000
/** `environments.maxLifetime`: '2h'. */
const DEFAULT_MAX_LIFETIME_MS = 2 * 3_600_000
/** `concurrency.provisionedReadyDelay`: '60s'. */
const DEFAULT_PROVISIONED_READY_DELAY_MS = 60_000
/** `functionStates` left out: the state machine's delays, seen through the SDK only. */
const SDK_FUNCTION_STATE_DELAYS: FunctionStateDelays = Object.freeze({ ...DEFAULT_FUNCTION_STATE_DELAYS, scope: 'sdk' as const })

const duration = schemaOnFirstUse(() => z.union([z.number().nonnegative(), z.string()]))

// Built on first use (config/schema-on-first-use.ts); the common options skip it (SIMPLE_OPTIONS below).
export const simulationOptionsSchema = schemaOnFirstUse(() =>
  z
  .object({
    /** Same seed ⇒ same run. Omitted: one is drawn and reported as `sim.seed`. */
    seed: z.union([z.number(), z.string()]).optional(),
    /** Virtual start time: epoch ms, a Date, or an ISO string, from 1970-01-01 to 9000-01-01 (config/virtual-time.ts). */
    startTime: z.union([z.number(), z.date(), z.string()]).optional(),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/).optional(),
    accountId: z.string().regex(/^\d{12}$/).optional(),
    /** Decisions to replay (from `sim.decisions()` or a property test); the seed fills the rest. */
    decisions: z.array(z.object({ kind: z.string(), value: z.number().min(0).max(1) })).optional(),
    environments: z
      .object({
        /** Idle time before an environment is reclaimed (default `'10m'`; `'never'`). */
        idleTimeout: z.union([duration, z.literal('never')]).optional(),
        /** Age at which an environment is retired once idle (default `'2h'`; `'never'`). */
        maxLifetime: z.union([duration, z.literal('never')]).optional(),
      })
      .strict()
      .optional(),
    /** The account's concurrency: Region limit (default 1,000) and the unreserved minimum (100). */
    concurrency: z
      .object({
        accountLimit: z.number().int().positive().optional(),
        unreservedMinimum: z.number().int().nonnegative().optional(),
        /** Time from `putProvisionedConcurrencyConfig` to READY (default `'60s'`). */
        provisionedReadyDelay: duration.optional(),
        /**
         * How fast functions may add environments: `'per-function'` (default; 1,000 per 10 s per
         * function, since Nov 2023) or `'account-burst'` (the Region's burst of 3,000 / 1,000 / 500,
         * then +500 per minute, shared by the account).
         */
        scalingModel: z.enum(['per-function', 'account-burst']).optional(),
        /** account-burst: override the Region's burst size. */
        burst: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /**
     * The function state machine: CreateFunction answers `State: Pending`, `Active` 1 s later;
     * updates answer `LastUpdateStatus: InProgress`, `Successful` 1 s later; meanwhile invocations
     * (Pending) and further updates are refused with AWS's `ResourceConflictException`. By default
     * (`undefined`) it runs for functions created through `LambdaClient` — code under test that
     * deploys waits as on AWS — while fixtures made with `sim.createFunction` are ready at once.
     * `true`: for every function; `false`: for none; `{ creation, update, scope }` sets the
     * durations (`'5s'`, ms) and the scope (`'all'`, or `'sdk'` as by default).
     */
    functionStates: z
      .union([z.boolean(), z.object({ creation: duration.optional(), update: duration.optional(), scope: z.enum(['all', 'sdk']).optional() }).strict()])
      .optional(),
    /** Asynchronous invocation (`invocationType: 'Event'`). */
    async: z
      .object({
        /** Largest `Event` payload: `'1MB'` (since Oct 2025, default) or `'256KB'` (before). */
        payloadLimit: z.enum(['1MB', '256KB']).optional(),
        /** Probability that an accepted event is delivered twice (seeded; default 0). */
        duplicateProbability: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    /**
     * A fault plan: which invocation attempts fail and how (`error`, `timeout`, `crash`, `throttle`,
     * `duplicate`), e.g. `[{ functionName: 'orders', invocation: 1, fault: 'duplicate' }]`. See
     * docs/testing.md. Part of the replay line.
     */
    faults: faultPlanSchema.optional(),
    /** What happens when a handler awaits something the simulation does not own. */
    onEscape: z.enum(['throw', 'fail-invocation']).optional(),
    /**
     * Run handler code in the handler's world (default true): inside an invocation or init,
     * `Date`, timers and `performance.now` follow the virtual clock, `process.env` is the
     * function's, console output lands in its log, and AWS SDK clients are answered by this
     * simulation. `false` runs handlers against the real world, for raw throughput runs.
     */
    handlerWorld: z.boolean().optional(),
    /** Derive CloudWatch metrics for `sim.metrics` (default true); or their retention (config/metric-retention.ts). */
    metrics: metricsOptionSchema.optional(),
    /** Keep every event for `sim.events()` (default false). */
    recordEvents: z.boolean().optional(),
    /**
     * X-Ray-like tracing (docs/traces.md): `true` samples every invocation and records its segments
     * for `sim.traces()`, as if every function had `TracingConfig: { Mode: 'Active' }`. Default
     * false: only functions with Mode `Active` (and requests an upstream sampled) are traced.
     */
    tracing: z.boolean().optional(),
    /**
     * Record the run compactly for `renderReport` (default false): environments, invocations,
     * throttles, retries, limits — a million invocations fit (docs/report.md).
     */
    recordTimeline: z.boolean().optional(),
    /** Keep the decision list for `sim.decisions()` (default true). */
    recordDecisions: z.boolean().optional(),
    /** Log lines kept for `sim.logs` (oldest dropped first; default 100,000; 0 keeps none). */
    logRetention: z.number().int().nonnegative().optional(),
    /** Bill the init phase (true: the rules since 1 Aug 2025). */
    billInit: z.boolean().optional(),
    limits: z
      .object({
        stepCountMax: z.number().int().positive().optional(),
        instantStepMax: z.number().int().positive().optional(),
        hopCountMax: z.number().int().positive().optional(),
        queueMax: z.number().int().positive().optional(),
        externalWaitMsMax: z.number().int().positive().optional(),
        eventLogMax: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict(),
)

export type SimulationOptions = z.input<typeof simulationOptionsSchema>

export interface NormalizedOptions {
  readonly seed: number | string
  readonly startMs: number
  readonly region: string
  readonly accountId: string
  readonly decisions: readonly Decision[] | undefined
  readonly idleTimeoutMs: number
  readonly maxLifetimeMs: number
  readonly escapePolicy: EscapePolicy
  readonly accountConcurrency: AccountConcurrency
  readonly provisionedReadyDelayMs: number
  /** The state machine's durations; `undefined` when it is off. */
  readonly functionStateDelays: FunctionStateDelays | undefined
  readonly scaling: ScalingRules
  readonly asyncPayloadLimitBytes: number
  readonly asyncDuplicateProbability: number
  /** The fault plan as given (validated); empty when none. */
  readonly faults: readonly FaultSpec[]
  readonly recordEvents: boolean
  /** Keep the compact record `renderReport` reads. */
  readonly recordTimeline: boolean
  /** Sample every invocation (X-Ray-like traces for `sim.traces()`). */
  readonly tracing: boolean
  readonly metrics: boolean
  /** The metric store's resolutions and how long each is kept (CloudWatch's by default). */
  readonly metricTiers: readonly RollupTier[]
  readonly handlerWorld: boolean
  readonly recordDecisions: boolean
  readonly logRetention: number
  readonly billing: BillingRules
  readonly kernelLimits: KernelLimits
  readonly eventLogMax: number
}

/** Options checked by hand (`wellFormedSimple`): each a key of these, of the kind zod accepts without a change. */
const SIMPLE_OPTIONS: Readonly<Record<string, (value: unknown) => boolean>> = {
  seed: (v) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string',
  handlerWorld: (v) => typeof v === 'boolean',
  metrics: (v) => typeof v === 'boolean',
  recordEvents: (v) => typeof v === 'boolean',
  tracing: (v) => typeof v === 'boolean',
  recordTimeline: (v) => typeof v === 'boolean',
  recordDecisions: (v) => typeof v === 'boolean',
  billInit: (v) => typeof v === 'boolean',
  logRetention: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  onEscape: (v) => v === 'throw' || v === 'fail-invocation',
}

/**
 * The options themselves when they are the common kind zod would return unchanged — a plain object
 * of `SIMPLE_OPTIONS` keys (each absent, undefined or of its kind), such as `{ seed: 1 }` — else
 * undefined (zod then parses them and words any error). A property test makes thousands of
 * simulations with such options, and zod's parse of the whole schema was a tenth of each (issue 19);
 * `test/simulation/options-fast-path.test.ts` checks zod accepts and returns the same for each.
 */
export function wellFormedSimple(options: unknown): SimulationOptions | undefined {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return undefined
  for (const key in options) {
    const check = Object.hasOwn(SIMPLE_OPTIONS, key) ? SIMPLE_OPTIONS[key] : undefined
    const value = (options as Record<string, unknown>)[key]
    if (check === undefined || (value !== undefined && !check(value))) return undefined
  }
  return options as SimulationOptions
}

export function normalizeOptions(options: SimulationOptions = {}): NormalizedOptions {
  const simple = wellFormedSimple(options)
  const parsed = simple !== undefined ? { success: true as const, data: simple as z.output<typeof simulationOptionsSchema> } : simulationOptionsSchema.safeParse(options)
  // `null` or a non-object reaches here from untyped callers: no property access on it.
  const givenSeed = typeof options === 'object' && options !== null ? (options as { seed?: unknown }).seed : undefined
  const seedForErrors = `seed=${typeof givenSeed === 'number' || typeof givenSeed === 'string' ? String(givenSeed) : '?'}`
  if (!parsed.success) {
    throw new SimulationError(
      'invalid-argument',
      `createSimulation options: ${parsed.error.issues.map((i) => `${i.path.length === 0 ? '(options)' : i.path.join('.')}: ${i.message}`).join('; ')}`,
      seedForErrors,
    )
  }
  const o = parsed.data
  const seed = o.seed ?? drawSeed()
  const replay = `seed=${String(seed)}`
  let startMs = DEFAULT_START_MS
  if (o.startTime !== undefined) {
    startMs = o.startTime instanceof Date ? o.startTime.getTime() : typeof o.startTime === 'string' ? Date.parse(o.startTime) : o.startTime
    if (!Number.isFinite(startMs)) throw new SimulationError('invalid-argument', `startTime is not a valid time: ${String(o.startTime)}`, replay)
    checkVirtualTime(startMs, 'startTime', replay)
  }
  return {
    seed,
    startMs,
    region: o.region ?? 'us-east-1',
    accountId: o.accountId ?? '123456789012',
    decisions: o.decisions,
    idleTimeoutMs: o.environments?.idleTimeout === undefined ? DEFAULT_IDLE_TIMEOUT_MS : parseOptionalDurationMs(o.environments.idleTimeout, 'environments.idleTimeout', replay),
    maxLifetimeMs: o.environments?.maxLifetime === undefined ? DEFAULT_MAX_LIFETIME_MS : parseOptionalDurationMs(o.environments.maxLifetime, 'environments.maxLifetime', replay),
    escapePolicy: o.onEscape ?? 'throw',
    accountConcurrency: {
      accountLimit: o.concurrency?.accountLimit ?? 1000,
      unreservedMinimum: o.concurrency?.unreservedMinimum ?? 100,
    },
    asyncPayloadLimitBytes: o.async?.payloadLimit === '256KB' ? 262_144 : 1_048_576,
    asyncDuplicateProbability: o.async?.duplicateProbability ?? 0,
    faults: o.faults ?? [],
    scaling: {
      model: o.concurrency?.scalingModel ?? 'per-function',
      bucketSize: 1000,
      refillPerSecond: 100,
      burst: o.concurrency?.burst ?? regionalBurst(o.region ?? 'us-east-1'),
      addedPerMinute: 500,
    },
    functionStateDelays:
      o.functionStates === false
        ? undefined
        : o.functionStates === undefined
          ? SDK_FUNCTION_STATE_DELAYS
        : o.functionStates === true
          ? DEFAULT_FUNCTION_STATE_DELAYS
          : {
              creationMs: parseDurationMs(o.functionStates.creation ?? DEFAULT_FUNCTION_STATE_DELAYS.creationMs, 'functionStates.creation', replay),
              updateMs: parseDurationMs(o.functionStates.update ?? DEFAULT_FUNCTION_STATE_DELAYS.updateMs, 'functionStates.update', replay),
              scope: o.functionStates.scope ?? 'all',
            },
    provisionedReadyDelayMs:
      o.concurrency?.provisionedReadyDelay === undefined ? DEFAULT_PROVISIONED_READY_DELAY_MS : parseDurationMs(o.concurrency.provisionedReadyDelay, 'concurrency.provisionedReadyDelay', replay),
    recordEvents: o.recordEvents ?? false,
    recordTimeline: o.recordTimeline ?? false,
    tracing: o.tracing ?? false,
    metrics: o.metrics !== false,
    metricTiers: metricTiersOf(o.metrics, replay),
    handlerWorld: o.handlerWorld ?? true,
    recordDecisions: o.recordDecisions ?? true,
    logRetention: o.logRetention ?? 100_000,
    billing: { initBilled: o.billInit ?? true },
    kernelLimits: {
      stepCountMax: o.limits?.stepCountMax ?? defaultKernelLimits.stepCountMax,
      instantStepMax: o.limits?.instantStepMax ?? defaultKernelLimits.instantStepMax,
      hopCountMax: o.limits?.hopCountMax ?? defaultKernelLimits.hopCountMax,
      queueMax: o.limits?.queueMax ?? defaultKernelLimits.queueMax,
      externalWaitMsMax: o.limits?.externalWaitMsMax ?? defaultKernelLimits.externalWaitMsMax,
    },
    eventLogMax: o.limits?.eventLogMax ?? 1_000_000,
  }
}

export { parseDurationMs }
