/**
 * Everything that happens in a simulation, as one typed union of plain-data events. Logs, metrics
 * and traces are derived from these; the event log a test hashes is exactly this stream.
 */

export type InvocationStatus = 'success' | 'error' | 'timeout' | 'crash'

export type EnvironmentReclaimReason = 'idle' | 'max-lifetime' | 'function-updated' | 'function-deleted' | 'init-failed' | 'deprovisioned'

export interface FunctionCreatedEvent {
  readonly type: 'function.created'
  readonly atMs: number
  readonly functionName: string
  readonly functionArn: string
}

export interface FunctionUpdatedEvent {
  readonly type: 'function.updated'
  readonly atMs: number
  readonly functionName: string
  readonly change: 'code' | 'configuration'
}

export interface VersionPublishedEvent {
  readonly type: 'version.published'
  readonly atMs: number
  readonly functionName: string
  readonly version: string
}

export interface VersionDeletedEvent {
  readonly type: 'version.deleted'
  readonly atMs: number
  readonly functionName: string
  readonly version: string
}

export interface AliasChangedEvent {
  readonly type: 'alias.changed'
  readonly atMs: number
  readonly functionName: string
  readonly aliasName: string
  readonly change: 'created' | 'updated' | 'deleted'
  readonly functionVersion: string
  readonly additionalVersionWeights?: Readonly<Record<string, number>>
}

export interface ReservedConcurrencyEvent {
  readonly type: 'concurrency.reserved'
  readonly atMs: number
  readonly functionName: string
  /** `undefined` when the reservation was removed. */
  readonly reservedConcurrentExecutions: number | undefined
}

export interface ProvisionedChangedEvent {
  readonly type: 'provisioned.changed'
  readonly atMs: number
  readonly functionName: string
  readonly qualifier: string
  readonly requested: number
  readonly allocated: number
  readonly status: 'IN_PROGRESS' | 'READY' | 'FAILED' | 'DELETED'
}

export interface EventInvokeConfigChangedEvent {
  readonly type: 'eventInvokeConfig.changed'
  readonly atMs: number
  readonly functionName: string
  readonly qualifier: string
  readonly change: 'put' | 'update' | 'deleted'
}

/** An event source mapping was created, changed settings or state, lost its function, or is gone. */
export interface EventSourceMappingChangedEvent {
  readonly type: 'eventSourceMapping.changed'
  readonly atMs: number
  readonly uuid: string
  readonly eventSourceArn: string
  readonly functionArn: string
  /** The state after the change (`Deleting` for a mapping that is gone). */
  readonly state: 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting'
  readonly change: 'created' | 'updated' | 'state' | 'deleting' | 'deleted' | 'function-deleted'
  /** Its `MetricsConfig.Metrics` (`EventCount` turns on the event counts). */
  readonly metrics: readonly string[]
}

export interface PermissionChangedEvent {
  readonly type: 'permission.changed'
  readonly atMs: number
  readonly functionName: string
  /** `''` for the unqualified function. */
  readonly qualifier: string
  readonly statementId: string
  readonly change: 'added' | 'removed'
}

/** An invocation refused by the resource-based policy. */
export interface InvocationDeniedEvent {
  readonly type: 'invocation.denied'
  readonly atMs: number
  readonly functionName: string
  readonly qualifier: string | undefined
  readonly principal: string
}

/** An asynchronous invocation was accepted (202) into the function's queue. */
export interface AsyncAcceptedEvent {
  readonly type: 'async.accepted'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly qualifier: string | undefined
  /** How many times the same triggering event has now invoked this function (its `Lineage` count; 0 for a direct call). */
  readonly lineage: number
}

/** The queue hands an event to the function (it may still be throttled). */
export interface AsyncAttemptEvent {
  readonly type: 'async.attempt'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly copy: number
  /** Time since acceptance (`AsyncEventAge`). */
  readonly ageMs: number
}

export interface AsyncRetryScheduledEvent {
  readonly type: 'async.retryScheduled'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly copy: number
  readonly retryAtMs: number
  readonly reason: 'function-error' | 'throttle'
}

export interface AsyncDelivery {
  readonly arn: string
  readonly ok: boolean
  readonly reason?: string
}

/** The one terminal state of an accepted event (per delivered copy). */
export interface AsyncFinishedEvent {
  readonly type: 'async.finished'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly copy: number
  readonly status: 'succeeded' | 'failed'
  /** `ZeroReservedConcurrency`: the function's reserved concurrency is 0, the event never ran. */
  readonly condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency'
  readonly executedVersion?: string
  readonly approximateInvokeCount: number
  readonly destination?: AsyncDelivery
  readonly deadLetter?: AsyncDelivery
}

export interface AsyncDeliveryFailedEvent {
  readonly type: 'async.deliveryFailed'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly target: 'destination' | 'dead-letter-queue'
  readonly arn: string
  readonly reason: string
}

/** An invocation stopped by recursive loop detection (`RecursiveInvocationsDropped`). */
export interface RecursionStoppedEvent {
  readonly type: 'invocation.recursionStopped'
  readonly atMs: number
  readonly functionName: string
  /** The function's count the invocation would have had (17 when stopped at the default). */
  readonly lineage: number
}

/** A request a function URL answered (`UrlRequestCount`, `Url4xxError`, `Url5xxError`, `UrlRequestLatency`). */
export interface FunctionUrlRequestEvent {
  readonly type: 'functionUrl.request'
  /** When the response was sent. */
  readonly atMs: number
  readonly functionName: string
  /** The URL's alias; undefined for the unqualified function's URL. */
  readonly qualifier: string | undefined
  /** The version that ran, when the function was invoked. */
  readonly executedVersion?: string
  /** The status the client got. */
  readonly status: number
  /** From the request's arrival to the response, in virtual ms. */
  readonly latencyMs: number
}

/** A request an API Gateway stage answered, with the function's answer or the gateway's own. */
export interface ApiGatewayRequestEvent {
  readonly type: 'apiGateway.request'
  /** When the response was sent. */
  readonly atMs: number
  readonly apiId: string
  /** `REST` (`sim.apiGateway`) or `HTTP` (`sim.apiGatewayV2`). */
  readonly apiType: 'REST' | 'HTTP'
  /** The stage that served it; undefined when none did. */
  readonly stage: string | undefined
  /** The matched resource path (`/items/{id}`) or route key (`GET /items/{id}`, `$default`); undefined when nothing matched. */
  readonly route: string | undefined
  readonly method: string
  /** The request's path, as sent. */
  readonly path: string
  /** The status the client got. */
  readonly status: number
  /** From the request's arrival to the response, in virtual ms. */
  readonly latencyMs: number
  /** The invocation's request id, when the function answered. */
  readonly lambdaRequestId?: string
}

export interface FunctionDeletedEvent {
  readonly type: 'function.deleted'
  readonly atMs: number
  readonly functionName: string
}

export interface EnvironmentCreatedEvent {
  readonly type: 'environment.created'
  readonly atMs: number
  readonly environmentId: string
  readonly functionName: string
  readonly version: string
  readonly logGroupName: string
  readonly logStreamName: string
  readonly runtime: string
  /** `provisioned-concurrency` for environments initialised ahead of traffic. */
  readonly initializationType: 'on-demand' | 'provisioned-concurrency'
  /** The qualifier whose provisioned concurrency this environment belongs to. */
  readonly provisionedFor?: string
  readonly logFormat: 'Text' | 'JSON'
  /** JSON format: platform lines are left out at `WARN`. */
  readonly systemLogLevel?: 'DEBUG' | 'INFO' | 'WARN'
}

/** An init phase begins (a new environment, or one reset by a timeout or crash). */
export interface EnvironmentInitStartedEvent {
  readonly type: 'environment.initStarted'
  readonly atMs: number
  readonly environmentId: string
  readonly functionName: string
  readonly logGroupName: string
  readonly logStreamName: string
  readonly runtime: string
}

export interface EnvironmentInitializedEvent {
  readonly type: 'environment.initialized'
  readonly atMs: number
  readonly environmentId: string
  readonly functionName: string
  readonly initDurationMs: number
  readonly status: 'success' | 'error' | 'timeout'
  readonly errorType?: string
  /** `init` for the init phase proper; `invoke` when init re-ran inside the first invocation. */
  readonly phase: 'init' | 'invoke'
}

export interface EnvironmentReclaimedEvent {
  readonly type: 'environment.reclaimed'
  readonly atMs: number
  readonly environmentId: string
  readonly functionName: string
  readonly reason: EnvironmentReclaimReason
  readonly invocationCount: number
}

export interface EnvironmentResetEvent {
  readonly type: 'environment.reset'
  readonly atMs: number
  readonly environmentId: string
  readonly functionName: string
  readonly reason: 'timeout' | 'crash'
}

export interface InvocationStartedEvent {
  readonly type: 'invocation.started'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly version: string
  readonly invokedFunctionArn: string
  readonly environmentId: string
  readonly logGroupName: string
  readonly logStreamName: string
  readonly coldStart: boolean
  /** The qualifier as invoked (`undefined` for the unqualified function). */
  readonly invokedQualifier: string | undefined
  /** When it was admitted and took its environment (before any init): concurrency counts from here. */
  readonly admittedAtMs: number
  /** Ran on a provisioned-concurrency environment. */
  readonly provisioned: boolean
  /** The invoked qualifier has provisioned concurrency, but all of it was busy (on-demand ran it). */
  readonly spillover: boolean
}

/** An invocation refused for lack of concurrency or request rate (HTTP 429). */
export interface InvocationThrottledEvent {
  readonly type: 'invocation.throttled'
  readonly atMs: number
  readonly functionName: string
  readonly invokedQualifier: string | undefined
  readonly reason: string
}

export interface InvocationTimeoutEvent {
  readonly type: 'invocation.timeout'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly timeoutMs: number
}

export interface InvocationErrorEvent {
  readonly type: 'invocation.error'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly errorType: string
  readonly errorMessage: string
}

export interface InvocationCompletedEvent {
  readonly type: 'invocation.completed'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly version: string
  readonly environmentId: string
  readonly logGroupName: string
  readonly logStreamName: string
  readonly status: InvocationStatus
  readonly startedAtMs: number
  readonly durationMs: number
  readonly billedDurationMs: number
  /** Present on the first invocation of a fresh on-demand environment. */
  readonly initDurationMs?: number
  readonly memorySizeMB: number
  readonly maxMemoryUsedMB: number
  readonly errorType?: string
  readonly coldStart: boolean
  /** Present when the invocation was sampled for tracing: the REPORT line's `XRAY` fields. */
  readonly xray?: XrayFields
}

/** The REPORT line's `XRAY TraceId: … SegmentId: … Sampled: true` (sampled invocations only). */
export interface XrayFields {
  readonly traceId: string
  readonly segmentId: string
  readonly sampled: boolean
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL'

/** A line the function wrote (platform lines are derived from the invocation events). */
export interface LogLineEvent {
  readonly type: 'log.line'
  readonly atMs: number
  readonly logGroupName: string
  readonly logStreamName: string
  /** `undefined` during init, as on Lambda. */
  readonly requestId: string | undefined
  readonly level: LogLevel
  readonly message: string
  /** An `Invoke Error` line's error, which the JSON log format writes as the message object. */
  readonly error?: { readonly errorType: string; readonly errorMessage: string; readonly stackTrace: readonly string[] }
  /**
   * Written to stdout/stderr directly (a library's own `Console`, `process.stdout.write`), not
   * through the runtime's console: the line is the text as written, with no timestamp, request id
   * or level added, in either log format.
   */
  readonly raw?: true
}

/** Work a handler did after its invocation was over (a late settlement is logged and ignored). */
export interface HandlerLateEvent {
  readonly type: 'handler.late'
  readonly atMs: number
  readonly requestId: string
  readonly functionName: string
  readonly what: 'resolved' | 'rejected' | 'callback'
}

/** A handler awaited something the simulation does not own. */
export interface HandlerEscapedEvent {
  readonly type: 'handler.escaped'
  readonly atMs: number
  readonly requestId: string | undefined
  readonly functionName: string
  readonly phase: 'init' | 'invoke'
}

/** Application Auto Scaling started a scaling activity on a provisioned-concurrency target. */
export interface AutoScalingActivityEvent {
  readonly type: 'autoscaling.activity'
  readonly atMs: number
  readonly activityId: string
  /** `function:<name>:<alias-or-version>`. */
  readonly resourceId: string
  readonly functionName: string
  readonly qualifier: string
  readonly fromCapacity: number
  readonly toCapacity: number
  readonly description: string
  readonly cause: string
  readonly statusCode: 'InProgress' | 'Successful' | 'Failed'
}

/** A planned fault (the `faults` option) took hold of an invocation attempt or an accepted event. */
export interface FaultInjectedEvent {
  readonly type: 'fault.injected'
  readonly atMs: number
  readonly functionName: string
  readonly requestId: string
  readonly fault: 'error' | 'timeout' | 'crash' | 'throttle' | 'duplicate' | 'fail-records'
  /** The function's n-th invocation (1-based). */
  readonly invocation: number
  /** Its k-th admission (0 for a duplicate: decided at acceptance, before any attempt). */
  readonly attempt: number
  /** The plan entry that fired. */
  readonly planIndex: number
  /** A batch entry: the mapping (UUID) whose batch it is. */
  readonly eventSourceMapping?: string
  /** A batch entry: the mapping's batch number (as in `esm.batchInvoked`). */
  readonly batch?: number
  /** `fail-records`: the positions (1-based) reported failed (those within the batch). */
  readonly records?: readonly number[]
}

/**
 * An event source mapping's poller read messages from its queue (one `ReceiveMessage`): how many
 * came (`PolledEventCount`) and how many of them the filter criteria dropped (deleted from the
 * queue: `FilteredOutEventCount`).
 */
export interface EsmPolledEvent {
  readonly type: 'esm.polled'
  readonly atMs: number
  readonly uuid: string
  readonly eventSourceArn: string
  readonly received: number
  readonly filteredOut: number
}

/** A mapping invokes its function with a batch (`InvokedEventCount`). */
export interface EsmBatchInvokedEvent {
  readonly type: 'esm.batchInvoked'
  readonly atMs: number
  readonly uuid: string
  readonly functionArn: string
  /** The poller's number for the batch (1, 2, …), as in `esm.batchCompleted`. */
  readonly batch: number
  readonly size: number
  readonly payloadBytes: number
  readonly requestId: string
}

/**
 * How a batch ended. `success`: every message deleted; `partial`: the function reported some as
 * failed (`ReportBatchItemFailures`), the rest deleted; `failed`: a function error, timeout, crash or
 * invalid batch response, nothing deleted; `throttled` / `not-invoked`: the function did not run.
 * Messages not deleted return to the queue when their visibility timeout ends.
 */
export interface EsmBatchCompletedEvent {
  readonly type: 'esm.batchCompleted'
  readonly atMs: number
  readonly uuid: string
  readonly batch: number
  readonly outcome: 'success' | 'partial' | 'failed' | 'throttled' | 'not-invoked'
  readonly size: number
  /** Messages deleted from the queue (`DeletedEventCount`). */
  readonly deleted: number
  /** Messages left for their visibility timeout (streams: records left for a retry). */
  readonly returned: number
  readonly reason?: string
  /** Streams: the shard the batch came from. */
  readonly shardId?: string
  /** Streams, a batch that processed records: the age of its last processed record (`IteratorAge`). */
  readonly iteratorAgeMs?: number
  /** Streams: the function's name (the `IteratorAge` dimension). */
  readonly functionName?: string
}

/**
 * A stream mapping gave up on records (`DroppedEventCount`): retries exhausted
 * (`RetryAttemptsExhausted`) or too old (`RecordAgeExceeded`). With an on-failure destination, AWS's
 * batch-info record was sent there (`delivered`) or could not be (`reason`).
 */
export interface EsmRecordsDiscardedEvent {
  readonly type: 'esm.recordsDiscarded'
  readonly atMs: number
  readonly uuid: string
  readonly functionName: string
  readonly shardId: string
  readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'
  readonly count: number
  readonly firstSequenceNumber: string
  readonly lastSequenceNumber: string
  readonly destination?: string
  readonly delivered?: boolean
  readonly reason?: string
}

export type SimEvent =
  | FunctionCreatedEvent
  | FunctionUpdatedEvent
  | FunctionDeletedEvent
  | VersionPublishedEvent
  | VersionDeletedEvent
  | AliasChangedEvent
  | ReservedConcurrencyEvent
  | ProvisionedChangedEvent
  | EventInvokeConfigChangedEvent
  | EventSourceMappingChangedEvent
  | PermissionChangedEvent
  | InvocationDeniedEvent
  | EnvironmentCreatedEvent
  | EnvironmentInitStartedEvent
  | EnvironmentInitializedEvent
  | EnvironmentReclaimedEvent
  | EnvironmentResetEvent
  | InvocationStartedEvent
  | InvocationTimeoutEvent
  | InvocationThrottledEvent
  | AsyncAcceptedEvent
  | RecursionStoppedEvent
  | AsyncAttemptEvent
  | AsyncRetryScheduledEvent
  | AsyncFinishedEvent
  | AsyncDeliveryFailedEvent
  | InvocationErrorEvent
  | InvocationCompletedEvent
  | LogLineEvent
  | HandlerLateEvent
  | HandlerEscapedEvent
  | AutoScalingActivityEvent
  | FaultInjectedEvent
  | EsmPolledEvent
  | EsmBatchInvokedEvent
  | EsmBatchCompletedEvent
  | EsmRecordsDiscardedEvent
  | FunctionUrlRequestEvent
  | ApiGatewayRequestEvent

export type SimEventType = SimEvent['type']

export type SimEventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>

/** The listener map eventemitter3 is typed with. */
export type SimEventMap = { [T in SimEventType]: [SimEventOf<T>] } & { '*': [SimEvent] }
