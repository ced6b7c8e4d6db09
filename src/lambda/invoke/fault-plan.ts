/**
 * A fault plan: a list of planned failures, each naming one invocation attempt and what goes wrong
 * with it. Tests (and `lambda-sim/testing`'s property helpers) use it to put a retry path, a
 * duplicate delivery or a throttle exactly where they want one, and to shrink a failing run down
 * to the few faults that matter.
 *
 * Identity: `invocation: n` is the n-th invocation of the function (1-based), numbered when its
 * request id is first seen — when an asynchronous event is accepted, or when a synchronous call
 * first asks for admission. `attempt: k` (default 1) is the k-th time that invocation asks for
 * admission: retries, throttled admissions and duplicate copies share the request id and count.
 * Without `functionName`, `invocation` counts the invocations of every function together. Because
 * a fault names its invocation, not a global attempt number, removing one fault never moves
 * another — which is what lets a property test shrink a plan entry by entry.
 *
 * What each fault does to the attempt it names:
 * - `error`: the handler runs, then its result is replaced by an unhandled error (`Invoke Error`
 *   log line, `functionError: 'Unhandled'`);
 * - `timeout`: the handler runs, its result is dropped, and the attempt ends at its configured
 *   timeout with `Sandbox.Timedout` (the environment is reset);
 * - `crash`: the handler runs, then the runtime exits: `Runtime.ExitError`, environment reset, as
 *   after `context.exit(1)`;
 * - `throttle`: admission refuses the attempt (`TooManyRequestsException`); a synchronous caller
 *   gets the 429, the asynchronous queue backs off and retries as Lambda does;
 * - `duplicate`: the accepted asynchronous event is delivered twice (the path `async.duplicate`
 *   takes); `attempt` does not apply.
 *
 * Batches of event source mappings: `{ eventSourceMapping?, batch: n, fault, records? }` names the
 * n-th batch a mapping invokes — the `batch` number of its `esm.batchInvoked` events — of the
 * mapping whose UUID is `eventSourceMapping`; omitted or `'*'`: the n-th batch invoked by any
 * mapping, counted together. Its faults: `error` and `timeout` as above, on the batch's invocation
 * (the whole batch fails and returns to the source); `throttle`, admission refuses it (the messages
 * return, the poller backs off); `fail-records`, the handler runs and the batch response then also
 * reports the records at positions `records` (1-based, in the batch's order; positions past its end
 * are ignored) in `batchItemFailures` — with `ReportBatchItemFailures` only those records fail,
 * without it the whole batch fails. A batch fault decides its invocation's fault: an invocation
 * entry naming the same attempt does not fire (it still counts the invocation).
 *
 * The handler runs before `error`, `timeout` and `crash` replace its outcome on purpose: the work
 * is done but the caller sees a failure, so a retry repeats the work — the partial failure that
 * idempotency code exists for. When the attempt ends on its own first (its own timeout, a crash, a
 * failed init), that ending stands. Every fault that fires is a `fault.injected` event.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import type { ThrottleReason } from '../../model/concurrency.js'
import type { EventBus } from '../../observability/bus.js'
import { errorOutcome, familyErrorOutcome, type HandlerOutcome } from '../../runtime/handler-runner.js'
import type { ErrorDialect } from '../../runtime/family-errors.js'

export const FAULT_KINDS = ['error', 'timeout', 'crash', 'throttle', 'duplicate', 'fail-records'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]
/** The faults an invocation entry may name. */
export const INVOCATION_FAULT_KINDS = ['error', 'timeout', 'crash', 'throttle', 'duplicate'] as const
export type InvocationFaultKind = (typeof INVOCATION_FAULT_KINDS)[number]
/** The faults a batch entry (an event source mapping's batch) may name. */
export const BATCH_FAULT_KINDS = ['error', 'timeout', 'throttle', 'fail-records'] as const
export type BatchFaultKind = (typeof BATCH_FAULT_KINDS)[number]

/** A plan may hold at most this many entries (a limit on everything; plans are written or generated). */
export const FAULT_PLAN_LENGTH_MAX = 10_000

/** One planned fault on an invocation attempt. */
export interface InvocationFaultSpec {
  /** The function whose invocations are counted; omitted: every function's, together. */
  readonly functionName?: string | undefined
  /** The n-th invocation (1-based), in the order request ids are first seen. */
  readonly invocation: number
  /** The k-th admission of that invocation (1-based, default 1); not for `duplicate`. */
  readonly attempt?: number | undefined
  readonly fault: InvocationFaultKind
  /** `error` only: the error's name (default `Error`). */
  readonly errorType?: string | undefined
  /** `error` only: the error's message (default `Injected fault`). */
  readonly errorMessage?: string | undefined
  readonly eventSourceMapping?: undefined
  readonly batch?: undefined
  readonly records?: undefined
}

/** One planned fault on a batch an event source mapping invokes. */
export interface BatchFaultSpec {
  /** The mapping's UUID; omitted or `'*'`: the batches of every mapping, counted together. */
  readonly eventSourceMapping?: string | undefined
  /** The n-th batch invoked (1-based). */
  readonly batch: number
  readonly fault: BatchFaultKind
  /** `fail-records` only (and required): the failed records' positions in the batch, 1-based. */
  readonly records?: readonly number[] | undefined
  /** `error` only: the error's name (default `Error`). */
  readonly errorType?: string | undefined
  /** `error` only: the error's message (default `Injected fault`). */
  readonly errorMessage?: string | undefined
  readonly functionName?: undefined
  readonly invocation?: undefined
  readonly attempt?: undefined
}

/** One planned fault: an invocation attempt or an event source mapping's batch, and what goes wrong. */
export type FaultSpec = InvocationFaultSpec | BatchFaultSpec

const faultEntryObject = schemaOnFirstUse(() => z
  .object({
    functionName: z.string().min(1).optional(),
    invocation: z.number().int().positive().optional(),
    attempt: z.number().int().positive().optional(),
    eventSourceMapping: z.string().min(1).optional(),
    batch: z.number().int().positive().optional(),
    fault: z.enum(FAULT_KINDS),
    records: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
    errorType: z.string().min(1).optional(),
    errorMessage: z.string().optional(),
  })
  .strict())

export const faultSpecSchema = schemaOnFirstUse(
  () =>
    faultEntryObject.superRefine((spec, ctx) => {
  if (spec.batch !== undefined) {
    if (spec.invocation !== undefined) ctx.addIssue({ code: 'custom', path: ['batch'], message: 'an entry names an invocation or a batch, not both' })
    for (const key of ['functionName', 'attempt'] as const) {
      if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} does not apply to a batch (name the mapping with eventSourceMapping)` })
    }
    if (!(BATCH_FAULT_KINDS as readonly string[]).includes(spec.fault)) {
      ctx.addIssue({ code: 'custom', path: ['fault'], message: `a batch fault is one of ${BATCH_FAULT_KINDS.join(', ')}, not '${spec.fault}'` })
    }
    if (spec.fault === 'fail-records' && spec.records === undefined) ctx.addIssue({ code: 'custom', path: ['records'], message: "fault 'fail-records' needs records: the positions (1-based) of the failed records" })
  } else {
    if (spec.invocation === undefined) ctx.addIssue({ code: 'custom', path: ['invocation'], message: 'name an invocation (invocation: n) or an event source mapping batch (batch: n)' })
    if (spec.eventSourceMapping !== undefined) ctx.addIssue({ code: 'custom', path: ['eventSourceMapping'], message: 'eventSourceMapping applies to a batch entry (batch: n)' })
    if (spec.fault === 'fail-records') ctx.addIssue({ code: 'custom', path: ['fault'], message: "fault 'fail-records' applies to a batch entry (batch: n)" })
  }
  if (spec.records !== undefined && spec.fault !== 'fail-records') {
    ctx.addIssue({ code: 'custom', path: ['records'], message: `records applies to fault 'fail-records' only, not '${spec.fault}'` })
  }
  if (spec.fault === 'duplicate' && spec.attempt !== undefined && spec.attempt !== 1) {
    ctx.addIssue({ code: 'custom', path: ['attempt'], message: 'a duplicate is decided when the event is accepted, before any attempt: leave attempt out' })
  }
  if (spec.fault !== 'error' && (spec.errorType !== undefined || spec.errorMessage !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['errorMessage'], message: `errorType and errorMessage apply to fault 'error' only, not '${spec.fault}'` })
  }
    }) as unknown as z.ZodType<FaultSpec, FaultSpec>,
)

export const faultPlanSchema = schemaOnFirstUse(() => z.array(faultSpecSchema).max(FAULT_PLAN_LENGTH_MAX))

/** A fault plan: the first entry that names an attempt (or a batch) decides its fault. */
export type FaultPlanInput = readonly FaultSpec[]

/** A fault that rides on an admitted attempt and replaces the handler's outcome. */
export type OutcomeFault = { readonly kind: 'error'; readonly errorType: string; readonly errorMessage: string } | { readonly kind: 'timeout' } | { readonly kind: 'crash' }

/** What `forAttempt` decides: refuse admission, or carry a fault into the attempt. */
export type AttemptFault = { readonly kind: 'throttle'; readonly reason: ThrottleReason } | OutcomeFault

/** How an outcome fault changes the attempt's completion (the engine's completion shapes). */
export type FaultedCompletion =
  | { readonly kind: 'outcome'; readonly outcome: HandlerOutcome }
  | { readonly kind: 'crash'; readonly errorType: string; readonly errorMessage: string }
  | { readonly kind: 'run-to-timeout' }

/** The reason an injected throttle carries: the account's concurrency, the most common one. [SIM] */
export const INJECTED_THROTTLE_REASON: ThrottleReason = 'ConcurrentInvocationLimitExceeded'
export const INJECTED_ERROR_TYPE = 'Error'
export const INJECTED_ERROR_MESSAGE = 'Injected fault'

interface InvocationCount {
  /** Position among every function's invocations. */
  readonly overall: number
  /** Position among this function's invocations. */
  readonly ofFunction: number
  /** Admissions asked for so far. */
  attempts: number
}

/** What a batch fault does to the batch: `forBatch`'s answer. */
export type BatchFault =
  | { readonly kind: 'error' | 'timeout' | 'throttle' }
  /** Report these positions (0-based here, in the batch's order) as failed, after the handler ran. */
  | { readonly kind: 'fail-records'; readonly positions: readonly number[] }

export class FaultPlan {
  private readonly counts = new Map<string, InvocationCount>()
  private invocationsOverall = 0
  private readonly invocationsByFunction = new Map<string, number>()
  /** Batches invoked by every mapping together. */
  private batchesOverall = 0
  /** Faults a batch entry decided for its invocation's (first) admission, by request id. */
  private readonly forced = new Map<string, AttemptFault>()
  private readonly hasBatchEntries: boolean

  constructor(
    private readonly entries: readonly FaultSpec[],
    private readonly bus: EventBus,
    private readonly nowMs: () => number,
  ) {
    this.hasBatchEntries = entries.some((entry) => entry.batch !== undefined)
  }

  /**
   * A mapping is about to invoke its batch number `batch` (its own count) of `size` records under
   * `requestId`: the fault planned for it, if any. An `error`, `timeout` or `throttle` is carried
   * to the invocation's admission; `fail-records` is the poller's to apply to the response.
   */
  forBatch(uuid: string, batch: number, size: number, functionName: string, requestId: string): BatchFault | undefined {
    if (!this.hasBatchEntries) return undefined
    const overall = ++this.batchesOverall
    const index = this.entries.findIndex(
      (entry) => entry.batch !== undefined && (entry.eventSourceMapping === undefined || entry.eventSourceMapping === '*' ? entry.batch === overall : entry.eventSourceMapping === uuid && entry.batch === batch),
    )
    const entry = this.entries[index]
    if (entry === undefined || entry.batch === undefined) return undefined
    const count = this.countOf(functionName, requestId)
    const records = entry.fault === 'fail-records' ? [...new Set(entry.records ?? [])].filter((position) => position <= size).sort((a, b) => a - b) : undefined
    this.bus.emit({
      type: 'fault.injected',
      atMs: this.nowMs(),
      functionName,
      requestId,
      fault: entry.fault,
      invocation: count.ofFunction,
      attempt: 1,
      planIndex: index,
      eventSourceMapping: uuid,
      batch,
      ...(records !== undefined ? { records } : {}),
    })
    switch (entry.fault) {
      case 'fail-records':
        return { kind: 'fail-records', positions: (records ?? []).map((position) => position - 1) }
      case 'throttle':
        this.forced.set(requestId, { kind: 'throttle', reason: INJECTED_THROTTLE_REASON })
        return { kind: 'throttle' }
      case 'error':
        this.forced.set(requestId, { kind: 'error', errorType: entry.errorType ?? INJECTED_ERROR_TYPE, errorMessage: entry.errorMessage ?? INJECTED_ERROR_MESSAGE })
        return { kind: 'error' }
      default:
        this.forced.set(requestId, { kind: 'timeout' })
        return { kind: 'timeout' }
    }
  }

  /** An asynchronous event was accepted: is it delivered twice? */
  duplicateDelivery(functionName: string, requestId: string): boolean {
    const count = this.countOf(functionName, requestId)
    const index = this.entries.findIndex((entry) => entry.fault === 'duplicate' && entry.invocation !== undefined && this.names(entry, functionName, count))
    if (index < 0) return false
    this.injected(functionName, requestId, 'duplicate', count, index)
    return true
  }

  /** An attempt asks for admission: the fault planned for it, if any. */
  forAttempt(functionName: string, requestId: string): AttemptFault | undefined {
    const count = this.countOf(functionName, requestId)
    count.attempts++
    if (this.forced.size > 0) {
      // A batch entry decided this invocation's fault (already a `fault.injected` event).
      const forced = this.forced.get(requestId)
      if (forced !== undefined) {
        this.forced.delete(requestId)
        return forced
      }
    }
    const index = this.entries.findIndex(
      (entry) => entry.invocation !== undefined && entry.fault !== 'duplicate' && (entry.attempt ?? 1) === count.attempts && this.names(entry, functionName, count),
    )
    const entry = this.entries[index]
    if (entry === undefined || entry.invocation === undefined) return undefined
    this.injected(functionName, requestId, entry.fault, count, index)
    switch (entry.fault) {
      case 'throttle':
        return { kind: 'throttle', reason: INJECTED_THROTTLE_REASON }
      case 'error':
        return { kind: 'error', errorType: entry.errorType ?? INJECTED_ERROR_TYPE, errorMessage: entry.errorMessage ?? INJECTED_ERROR_MESSAGE }
      case 'timeout':
        return { kind: 'timeout' }
      default:
        return { kind: 'crash' }
    }
  }

  private names(entry: InvocationFaultSpec, functionName: string, count: InvocationCount): boolean {
    return entry.functionName === undefined ? entry.invocation === count.overall : entry.functionName === functionName && entry.invocation === count.ofFunction
  }

  private countOf(functionName: string, requestId: string): InvocationCount {
    let count = this.counts.get(requestId)
    if (count === undefined) {
      const ofFunction = (this.invocationsByFunction.get(functionName) ?? 0) + 1
      this.invocationsByFunction.set(functionName, ofFunction)
      count = { overall: ++this.invocationsOverall, ofFunction, attempts: 0 }
      this.counts.set(requestId, count)
    }
    return count
  }

  private injected(functionName: string, requestId: string, fault: InvocationFaultKind, count: InvocationCount, planIndex: number): void {
    this.bus.emit({
      type: 'fault.injected',
      atMs: this.nowMs(),
      functionName,
      requestId,
      fault,
      invocation: count.ofFunction,
      attempt: count.attempts,
      planIndex,
    })
  }
}

/**
 * The completion an outcome fault puts in place of the handler's own outcome. The injected error
 * has a fixed one-line stack, so runs stay equal byte for byte wherever they run.
 */
export function faultedCompletion(fault: OutcomeFault, requestId: string, legacyApi: boolean, dialect?: ErrorDialect): FaultedCompletion {
  switch (fault.kind) {
    case 'error': {
      const thrown = { name: fault.errorType, message: fault.errorMessage, stack: `${fault.errorType}: ${fault.errorMessage}\n    at injected fault (lambda-sim fault plan)` }
      // A non-Node runtime reports it in its family's shape (`runtime/family-errors.ts`).
      return { kind: 'outcome', outcome: dialect === undefined ? errorOutcome(thrown, legacyApi) : familyErrorOutcome(thrown, dialect) }
    }
    case 'crash':
      return { kind: 'crash', errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 1` }
    default:
      return { kind: 'run-to-timeout' }
  }
}
