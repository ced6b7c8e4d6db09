/**
 * One invocation as the log and metric stores see it, handed to them by the engine directly.
 *
 * The record is made when the invocation starts and filled in when it ends; it is also the
 * `invocation.completed` event, so the log store keeps one small object per invocation (START
 * and END/REPORT both render from it) instead of two events, and no event object is built for
 * the stores at all. The bus still gets `invocation.started` / `invocation.completed` whenever
 * anyone listens.
 */
import type { InvocationCompletedEvent, InvocationStartedEvent, InvocationStatus } from './events.js'

/** Fields in the order the `invocation.completed` event has always serialised them. */
export class InvocationRecord implements InvocationCompletedEvent {
  readonly type = 'invocation.completed' as const
  atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly version: string
  readonly environmentId: string
  readonly logGroupName: string
  readonly logStreamName: string
  status: InvocationStatus = 'success'
  readonly startedAtMs: number
  durationMs = 0
  billedDurationMs = 0
  /** `undefined` (left out of JSON) unless the invocation included an init. */
  initDurationMs: number | undefined = undefined
  readonly memorySizeMB: number
  maxMemoryUsedMB = 0
  errorType: string | undefined = undefined
  readonly coldStart: boolean

  constructor(
    startedAtMs: number,
    requestId: string,
    functionName: string,
    version: string,
    environmentId: string,
    logGroupName: string,
    logStreamName: string,
    memorySizeMB: number,
    coldStart: boolean,
  ) {
    this.atMs = startedAtMs
    this.requestId = requestId
    this.functionName = functionName
    this.version = version
    this.environmentId = environmentId
    this.logGroupName = logGroupName
    this.logStreamName = logStreamName
    this.startedAtMs = startedAtMs
    this.memorySizeMB = memorySizeMB
    this.coldStart = coldStart
  }
}

/** What the metric store needs of an invocation besides its record. */
export interface InvocationFacts {
  readonly record: InvocationRecord
  /** The qualifier as invoked (`undefined` for the unqualified function). */
  readonly invokedQualifier: string | undefined
  readonly admittedAtMs: number
  readonly provisioned: boolean
  readonly spillover: boolean
  /** Kept for the metric store between start and completion (its resolved series). */
  metricsSlot: unknown
  /** Kept for the log store between start and completion (the stream). */
  logSlot: unknown
}

/** A store told of every invocation's start and end, in dispatch order. */
export interface InvocationObserver {
  invocationStarted(facts: InvocationFacts): void
  invocationCompleted(facts: InvocationFacts): void
}

/** The `invocation.started` event of a record (built only when someone reads it). */
export function startedEventOf(facts: InvocationFacts, invokedFunctionArn: string): InvocationStartedEvent {
  const record = facts.record
  return {
    type: 'invocation.started',
    atMs: record.startedAtMs,
    requestId: record.requestId,
    functionName: record.functionName,
    version: record.version,
    invokedFunctionArn,
    environmentId: record.environmentId,
    logGroupName: record.logGroupName,
    logStreamName: record.logStreamName,
    coldStart: record.coldStart,
    invokedQualifier: facts.invokedQualifier,
    admittedAtMs: facts.admittedAtMs,
    provisioned: facts.provisioned,
    spillover: facts.spillover,
  }
}
