/**
 * One invocation as the log and metric stores see it, handed to them by the engine directly: the
 * attempt itself, read through this interface. No event object is built for the stores; the
 * `invocation.started` / `invocation.completed` events are built from these facts only when
 * someone listens on the bus (or asked for the log tail).
 */
import type { RequestId } from '../kernel/request-id.js'
import type { InvocationCompletedEvent, InvocationStartedEvent, InvocationStatus, XrayFields } from './events.js'

export interface InvocationFacts {
  readonly requestId: string
  readonly functionName: string
  /** The version that ran. */
  readonly executedVersion: string
  readonly environmentId: string
  readonly logGroupName: string
  readonly logStreamName: string
  /** The qualifier as invoked (`undefined` for the unqualified function). */
  readonly invokedQualifier: string | undefined
  readonly admittedAtMs: number
  readonly startedAtMs: number
  readonly provisioned: boolean
  readonly spillover: boolean
  readonly coldStart: boolean
  readonly memorySizeMB: number
  // Known once it completed:
  readonly completedAtMs: number
  readonly status: InvocationStatus
  readonly durationMs: number
  readonly billedDurationMs: number
  readonly initDurationMs: number | undefined
  readonly maxMemoryUsedMB: number
  readonly errorType: string | undefined
  /** The REPORT line's `XRAY` fields, when the invocation was sampled for tracing. */
  readonly xray?: XrayFields | undefined
  /** Its row in the tracer when sampled (-1 or absent: not sampled): the log store keeps the row and renders `XRAY` when read. */
  readonly traceRow?: number
  /** Renders a row's `XRAY` fields. */
  readonly xraySource?: { xrayOf(row: number): XrayFields }
  /** Kept for the metric store between start and completion (its resolved series). */
  metricsSlot: unknown
  /** Kept for the log store for as long as the invocation's environment lives (its stream). */
  environmentLogSlot: unknown
  /** The request id as a value: the log store keeps its packed words when it has them (`RequestId.writeWords`), not the string. */
  readonly requestIdValue: RequestId
}

/** A store told of every invocation's start and end, in dispatch order. */
export interface InvocationObserver {
  invocationStarted(facts: InvocationFacts): void
  invocationCompleted(facts: InvocationFacts): void
}

/** The `invocation.started` event. */
export function startedEventOf(facts: InvocationFacts, invokedFunctionArn: string): InvocationStartedEvent {
  return {
    type: 'invocation.started',
    atMs: facts.startedAtMs,
    requestId: facts.requestId,
    functionName: facts.functionName,
    version: facts.executedVersion,
    invokedFunctionArn,
    environmentId: facts.environmentId,
    logGroupName: facts.logGroupName,
    logStreamName: facts.logStreamName,
    coldStart: facts.coldStart,
    invokedQualifier: facts.invokedQualifier,
    admittedAtMs: facts.admittedAtMs,
    provisioned: facts.provisioned,
    spillover: facts.spillover,
  }
}

/** The `invocation.completed` event (optional fields present only when they apply). */
export function completedEventOf(facts: InvocationFacts): InvocationCompletedEvent {
  return {
    type: 'invocation.completed',
    atMs: facts.completedAtMs,
    requestId: facts.requestId,
    functionName: facts.functionName,
    version: facts.executedVersion,
    environmentId: facts.environmentId,
    logGroupName: facts.logGroupName,
    logStreamName: facts.logStreamName,
    status: facts.status,
    startedAtMs: facts.startedAtMs,
    durationMs: facts.durationMs,
    billedDurationMs: facts.billedDurationMs,
    ...(facts.initDurationMs !== undefined ? { initDurationMs: facts.initDurationMs } : {}),
    memorySizeMB: facts.memorySizeMB,
    maxMemoryUsedMB: facts.maxMemoryUsedMB,
    ...(facts.errorType !== undefined ? { errorType: facts.errorType } : {}),
    coldStart: facts.coldStart,
    ...(facts.xray !== undefined ? { xray: facts.xray } : {}),
  }
}
