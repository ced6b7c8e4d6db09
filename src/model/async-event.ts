/**
 * An asynchronous invocation as Lambda's internal queue holds it, and the retry policy:
 *
 * - a function error (or timeout, or crash) is retried up to `MaximumRetryAttempts` (default 2),
 *   1 minute after the first attempt ends, then 2 minutes after the second;
 * - a throttle (or a Lambda system error) puts the event back with exponential backoff from 1 s,
 *   doubling to 5 minutes, without using up a retry;
 * - an event older than `MaximumEventAgeInSeconds` (default 6 h) is not attempted again.
 *
 * Pure: the caller passes times; nothing here schedules anything.
 */
import { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS, type EventInvokeConfig } from './async-config.js'
import type { Lineage } from './lineage.js'

export interface AsyncEvent {
  readonly requestId: string
  readonly functionName: string
  /** The qualifier as invoked (`undefined` for the unqualified function). */
  readonly qualifier: string | undefined
  readonly payloadJson: string
  readonly acceptedAtMs: number
  /** Attempts that ran the function (Lambda's `approximateInvokeCount`). */
  invokeCount: number
  /** Function-error attempts so far (retries are counted against these). */
  functionErrors: number
  /** The next throttle backoff, in ms. */
  throttleBackoffMs: number
  /** 0 for the original; 1 for an injected duplicate delivery. */
  readonly copy: number
  /** How often the triggering event has invoked each function, this one included (recursive loop detection). */
  readonly lineage: Lineage
  /** The trace header the event came with (its attempts continue that trace), if any. */
  readonly traceHeader: string | undefined
}

export interface RetryPolicy {
  readonly maximumRetryAttempts: number
  readonly eventAgeMsMax: number
}

export function retryPolicyOf(config: EventInvokeConfig | undefined): RetryPolicy {
  return {
    maximumRetryAttempts: config?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
    eventAgeMsMax: (config?.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000,
  }
}

export const THROTTLE_BACKOFF_START_MS = 1000
export const THROTTLE_BACKOFF_MAX_MS = 300_000

/** Function-error retries: +1 min after the first attempt, +2 min after the second. */
export function functionErrorRetryDelayMs(functionErrors: number): number {
  return functionErrors <= 1 ? 60_000 : 120_000
}

export type NextStep =
  | { readonly kind: 'retry'; readonly atMs: number }
  | { readonly kind: 'give-up'; readonly condition: 'RetriesExhausted' | 'EventAgeExceeded' }

/** After a function error ending at `nowMs`: retry when, or give up why. */
export function afterFunctionError(event: AsyncEvent, policy: RetryPolicy, nowMs: number): NextStep {
  event.functionErrors++
  if (event.functionErrors > policy.maximumRetryAttempts) return { kind: 'give-up', condition: 'RetriesExhausted' }
  const atMs = nowMs + functionErrorRetryDelayMs(event.functionErrors)
  if (atMs - event.acceptedAtMs > policy.eventAgeMsMax) return { kind: 'give-up', condition: 'EventAgeExceeded' }
  return { kind: 'retry', atMs }
}

/** After a throttle at `nowMs`: back off (doubling to 5 min) or give up on age. */
export function afterThrottle(event: AsyncEvent, policy: RetryPolicy, nowMs: number): NextStep {
  const atMs = nowMs + event.throttleBackoffMs
  event.throttleBackoffMs = Math.min(event.throttleBackoffMs * 2, THROTTLE_BACKOFF_MAX_MS)
  if (atMs - event.acceptedAtMs > policy.eventAgeMsMax) return { kind: 'give-up', condition: 'EventAgeExceeded' }
  return { kind: 'retry', atMs }
}
