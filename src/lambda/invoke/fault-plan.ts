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
 * The handler runs before `error`, `timeout` and `crash` replace its outcome on purpose: the work
 * is done but the caller sees a failure, so a retry repeats the work — the partial failure that
 * idempotency code exists for. When the attempt ends on its own first (its own timeout, a crash, a
 * failed init), that ending stands. Every fault that fires is a `fault.injected` event.
 */
import { z } from 'zod'
import type { ThrottleReason } from '../../model/concurrency.js'
import type { EventBus } from '../../observability/bus.js'
import { errorOutcome, type HandlerOutcome } from '../../runtime/handler-runner.js'

export const FAULT_KINDS = ['error', 'timeout', 'crash', 'throttle', 'duplicate'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** A plan may hold at most this many entries (a limit on everything; plans are written or generated). */
export const FAULT_PLAN_LENGTH_MAX = 10_000

export const faultSpecSchema = z
  .object({
    /** The function whose invocations are counted; omitted: every function's, together. */
    functionName: z.string().min(1).optional(),
    /** The n-th invocation (1-based), in the order request ids are first seen. */
    invocation: z.number().int().positive(),
    /** The k-th admission of that invocation (1-based, default 1); not for `duplicate`. */
    attempt: z.number().int().positive().optional(),
    fault: z.enum(FAULT_KINDS),
    /** `error` only: the error's name (default `Error`). */
    errorType: z.string().min(1).optional(),
    /** `error` only: the error's message (default `Injected fault`). */
    errorMessage: z.string().optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.fault === 'duplicate' && spec.attempt !== undefined && spec.attempt !== 1) {
      ctx.addIssue({ code: 'custom', path: ['attempt'], message: 'a duplicate is decided when the event is accepted, before any attempt: leave attempt out' })
    }
    if (spec.fault !== 'error' && (spec.errorType !== undefined || spec.errorMessage !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['errorMessage'], message: `errorType and errorMessage apply to fault 'error' only, not '${spec.fault}'` })
    }
  })

export const faultPlanSchema = z.array(faultSpecSchema).max(FAULT_PLAN_LENGTH_MAX)

/** One planned fault: which invocation attempt, and what goes wrong with it. */
export type FaultSpec = z.input<typeof faultSpecSchema>
/** A fault plan: the first entry that names an attempt decides its fault. */
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

export class FaultPlan {
  private readonly counts = new Map<string, InvocationCount>()
  private invocationsOverall = 0
  private readonly invocationsByFunction = new Map<string, number>()

  constructor(
    private readonly entries: readonly FaultSpec[],
    private readonly bus: EventBus,
    private readonly nowMs: () => number,
  ) {}

  /** An asynchronous event was accepted: is it delivered twice? */
  duplicateDelivery(functionName: string, requestId: string): boolean {
    const count = this.countOf(functionName, requestId)
    const index = this.entries.findIndex((entry) => entry.fault === 'duplicate' && this.names(entry, functionName, count))
    if (index < 0) return false
    this.injected(functionName, requestId, 'duplicate', count, index)
    return true
  }

  /** An attempt asks for admission: the fault planned for it, if any. */
  forAttempt(functionName: string, requestId: string): AttemptFault | undefined {
    const count = this.countOf(functionName, requestId)
    count.attempts++
    const index = this.entries.findIndex((entry) => entry.fault !== 'duplicate' && (entry.attempt ?? 1) === count.attempts && this.names(entry, functionName, count))
    const entry = this.entries[index]
    if (entry === undefined) return undefined
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

  private names(entry: FaultSpec, functionName: string, count: InvocationCount): boolean {
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

  private injected(functionName: string, requestId: string, fault: FaultKind, count: InvocationCount, planIndex: number): void {
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
export function faultedCompletion(fault: OutcomeFault, requestId: string, legacyApi: boolean): FaultedCompletion {
  switch (fault.kind) {
    case 'error': {
      const thrown = { name: fault.errorType, message: fault.errorMessage, stack: `${fault.errorType}: ${fault.errorMessage}\n    at injected fault (lambda-sim fault plan)` }
      return { kind: 'outcome', outcome: errorOutcome(thrown, legacyApi) }
    }
    case 'crash':
      return { kind: 'crash', errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 1` }
    default:
      return { kind: 'run-to-timeout' }
  }
}
