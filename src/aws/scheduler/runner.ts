/**
 * What EventBridge Scheduler does with a stored schedule on the virtual clock: finds each
 * occurrence, waits out the flexible window, invokes the target, retries, and hands a dead-letter
 * event to the DLQ.
 *
 * - Occurrences (Scheduler user guide, "Schedule types"): `at(…)` once, at that wall-clock time in
 *   the schedule's zone (StartDate/EndDate ignored); `rate(…)` at the StartDate, or at once when
 *   there is none, then every period (a day is 24 hours whatever the zone does); `cron(…)` at each
 *   matching wall-clock minute in the zone (skipped when clocks jump over it, once when they repeat
 *   it), from the StartDate on. Nothing after the EndDate. [SIM] exactly on the instant (AWS: within
 *   the minute); an `at(…)` already past when the schedule is put never fires.
 * - Occurrences are *background* kernel events ("Background events" in docs/architecture.md):
 *   `advance` runs them, `runUntilIdle()` does not wait for the next one (a rate schedule would
 *   keep it running forever). Once an occurrence is due, its invocation (after the flexible
 *   window's offset) and its retries are ordinary foreground work that `runUntilIdle()` finishes.
 * - FLEXIBLE: the invocation happens a uniform offset into the window after the scheduled time
 *   (whole seconds), drawn from a stream of its own so that no other draw moves.
 * - A target invocation "fails" when the call is refused (a function or queue that does not exist):
 *   a Lambda target is invoked asynchronously, so what the function does afterwards is Lambda's
 *   affair (its own retries and destinations). [SIM] Retry k waits `min(2^(k-1) s, 5 min)`; retries
 *   stop after `maximumRetryAttempts` or when the next would start more than
 *   `maximumEventAgeInSeconds` after the first attempt. Then the DLQ (a standard SQS queue) gets the
 *   dead-letter event: the payload as the body, and the attributes ERROR_CODE
 *   ([SIM] `TargetInvocationFailed`), ERROR_MESSAGE, EXECUTION_ID, EXHAUSTED_RETRY_CONDITION,
 *   RETRY_ATTEMPTS, SCHEDULE_ARN, SCHEDULED_TIME, TARGET_ARN.
 */
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, MessageAttribute } from '../../lambda/invoke/delivery.js'
import { nextCronTime, type ScheduleExpression } from '../../model/schedule-expression.js'
import { instantOf, isoSeconds } from '../../model/zoned-time.js'
import type { ScheduleTarget, SchedulerInvocation } from './api.js'

/** What the runner reads of a stored schedule (a snapshot: an update starts a new run). */
export interface ScheduleRun {
  readonly arn: string
  readonly expression: ScheduleExpression
  readonly timeZone: string
  readonly startMs: number | undefined
  readonly endMs: number | undefined
  /** When the run started (a rate schedule without a StartDate starts here). */
  readonly fromMs: number
  readonly flexibleWindowMs: number
  readonly target: ScheduleTarget & { readonly retryPolicy: { readonly maximumEventAgeInSeconds: number; readonly maximumRetryAttempts: number } }
  /** Called after the last occurrence's invocation (ActionAfterCompletion). */
  readonly completed: () => void
}

export interface RunnerParts {
  readonly kernel: Kernel
  /** Execution ids (a stream of the scheduler's own). */
  readonly ids: IdFactory
  /** Flexible-window offsets, in [0, 1). */
  readonly random: () => number
  /** Invokes a target with a payload. */
  readonly invoke: (target: ScheduleTarget, payload: string) => DeliveryResult
  /** Sends the dead-letter event to an SQS queue. */
  readonly deadLetter: (arn: string, body: string, attributes: Record<string, MessageAttribute>) => DeliveryResult
  readonly record: (invocation: SchedulerInvocation) => void
}

const RETRY_DELAY_MAX_MS = 300_000

/** The running schedules, by ARN. Starting a schedule again (an update) replaces its run. */
export class ScheduleRunner {
  private readonly runs = new Map<string, { run: ScheduleRun; handle: object | undefined }>()

  constructor(private readonly parts: RunnerParts) {}

  start(run: ScheduleRun): void {
    this.stop(run.arn)
    const entry = { run, handle: undefined as object | undefined }
    this.runs.set(run.arn, entry)
    this.arm(entry, this.first(run))
  }

  stop(arn: string): void {
    const entry = this.runs.get(arn)
    if (entry?.handle !== undefined) this.parts.kernel.cancel(entry.handle)
    this.runs.delete(arn)
  }

  private first(run: ScheduleRun): number | undefined {
    const now = this.parts.kernel.nowMs
    const expression = run.expression
    if (expression.kind === 'at') {
      const at = instantOf(expression.wall, run.timeZone)
      return at >= now ? at : undefined
    }
    if (expression.kind === 'rate') {
      if (run.startMs === undefined || run.startMs <= now) {
        const anchor = run.startMs ?? run.fromMs
        const k = Math.max(0, Math.ceil((now - anchor) / expression.everyMs))
        return this.withinEnd(run, anchor + k * expression.everyMs)
      }
      return this.withinEnd(run, run.startMs)
    }
    const from = run.startMs !== undefined && run.startMs > now ? run.startMs - 1 : now
    return this.withinEnd(run, nextCronTime(expression.cron, from, run.timeZone))
  }

  private next(run: ScheduleRun, previous: number): number | undefined {
    const expression = run.expression
    if (expression.kind === 'at') return undefined
    if (expression.kind === 'rate') return this.withinEnd(run, previous + expression.everyMs)
    return this.withinEnd(run, nextCronTime(expression.cron, previous, run.timeZone))
  }

  private withinEnd(run: ScheduleRun, at: number | undefined): number | undefined {
    return at === undefined || (run.endMs !== undefined && at > run.endMs) ? undefined : at
  }

  private arm(entry: { run: ScheduleRun; handle: object | undefined }, at: number | undefined): void {
    entry.handle = undefined
    if (at === undefined) return
    // Background unless already due: a rate schedule's first occurrence (now) is work runUntilIdle finishes.
    entry.handle = this.parts.kernel.schedule(at, () => this.occur(entry, at), undefined, at > this.parts.kernel.nowMs)
  }

  /** An occurrence is due: arm the next one, then invoke (now, or later in the flexible window). */
  private occur(entry: { run: ScheduleRun; handle: object | undefined }, scheduledMs: number): void {
    if (this.runs.get(entry.run.arn) !== entry) return
    const run = entry.run
    const next = this.next(run, scheduledMs)
    this.arm(entry, next)
    const offsetMs = run.flexibleWindowMs > 0 ? Math.floor(this.parts.random() * (run.flexibleWindowMs / 1000)) * 1000 : 0
    const last = next === undefined
    if (last) this.runs.delete(run.arn)
    const attempt = { run, scheduledMs, firstMs: scheduledMs + offsetMs, last }
    if (offsetMs === 0) this.attempt(attempt, 1)
    else this.parts.kernel.schedule(attempt.firstMs, () => this.attempt(attempt, 1), undefined)
  }

  private attempt(occurrence: { run: ScheduleRun; scheduledMs: number; firstMs: number; last: boolean }, n: number): void {
    const { run, scheduledMs } = occurrence
    const kernel = this.parts.kernel
    const executionId = this.parts.ids.hex32().slice(0, 16)
    const scheduledTime = isoSeconds(scheduledMs)
    const payload = contextAttributes(run.target.input ?? '{}', { 'schedule-arn': run.arn, 'scheduled-time': scheduledTime, 'execution-id': executionId, 'attempt-number': String(n) })
    const result = this.parts.invoke(run.target, payload)
    const base = { scheduleArn: run.arn, targetArn: run.target.arn, scheduledTime, atMs: kernel.nowMs, attempt: n, executionId, result }
    const policy = run.target.retryPolicy
    const delay = Math.min(2 ** (n - 1) * 1000, RETRY_DELAY_MAX_MS)
    const retriesMade = n - 1
    const tooOld = kernel.nowMs + delay - occurrence.firstMs > policy.maximumEventAgeInSeconds * 1000
    if (result.ok) {
      this.parts.record(base)
    } else if (retriesMade < policy.maximumRetryAttempts && !tooOld) {
      this.parts.record(base)
      kernel.schedule(kernel.nowMs + delay, () => this.attempt(occurrence, n + 1), undefined)
    } else {
      const exhaustedRetryCondition = retriesMade >= policy.maximumRetryAttempts ? ('MaximumRetryAttempts' as const) : ('MaximumEventAgeInSeconds' as const)
      const dlq = run.target.deadLetterConfig?.arn
      const attributes: Record<string, MessageAttribute> = {
        ERROR_CODE: { DataType: 'String', StringValue: 'TargetInvocationFailed' },
        ERROR_MESSAGE: { DataType: 'String', StringValue: result.reason },
        EXECUTION_ID: { DataType: 'String', StringValue: executionId },
        EXHAUSTED_RETRY_CONDITION: { DataType: 'String', StringValue: exhaustedRetryCondition },
        RETRY_ATTEMPTS: { DataType: 'String', StringValue: String(retriesMade) },
        SCHEDULE_ARN: { DataType: 'String', StringValue: run.arn },
        SCHEDULED_TIME: { DataType: 'String', StringValue: scheduledTime },
        TARGET_ARN: { DataType: 'String', StringValue: run.target.arn },
      }
      const deadLetter = dlq === undefined ? undefined : { arn: dlq, result: this.parts.deadLetter(dlq, payload, attributes), exhaustedRetryCondition }
      this.parts.record(deadLetter === undefined ? base : { ...base, deadLetter })
    }
    if (n === 1 && occurrence.last) run.completed()
  }
}

/** Replaces `<aws.scheduler.NAME>` keywords (Scheduler user guide, "Adding context attributes"). */
function contextAttributes(input: string, values: Readonly<Record<string, string>>): string {
  return input.replace(/<aws\.scheduler\.(schedule-arn|scheduled-time|execution-id|attempt-number)>/g, (_m, name: string) => values[name] as string)
}
