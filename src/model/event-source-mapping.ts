/**
 * An event source mapping: Lambda's poller that reads a queue or a stream and invokes a function
 * synchronously with batches of records. The control plane (`lambda/control/event-source-mappings.ts`)
 * owns these records; the pollers (`src/event-sources/`) read them and report what they did.
 * Field names are AWS's (`EventSourceMappingConfiguration`), camelCase, times in virtual epoch ms.
 */

/** Which poller serves a mapping, from its source ARN's service. */
export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb'

export type MappingState = 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting'

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP'

export interface FilterCriteria {
  readonly filters: readonly { readonly pattern: string }[]
}

/** AWS's opt-in event source mapping metrics (`EventCount`; the other two are Kafka's). */
export type EventSourceMappingMetric = 'EventCount' | 'ErrorCount' | 'KafkaMetrics'

export interface EventSourceMapping {
  readonly uuid: string
  readonly eventSourceArn: string
  readonly kind: EventSourceKind
  /** The function, version or alias ARN the mapping invokes (as AWS reports it). */
  functionArn: string
  state: MappingState
  /** `USER_INITIATED`, `User action`, … */
  stateTransitionReason: string
  /** `No records processed`, `OK`, `PROBLEM: Function call failed`, … */
  lastProcessingResult: string
  lastModifiedMs: number
  batchSize: number
  maximumBatchingWindowInSeconds: number
  functionResponseTypes: readonly 'ReportBatchItemFailures'[]
  filterCriteria: FilterCriteria | undefined
  /** SQS: `maximumConcurrency` (2–1,000). */
  scalingConfig: { readonly maximumConcurrency?: number } | undefined
  /** The metrics the mapping publishes beyond `IteratorAge` (`EventCount`: the event counts). */
  metricsConfig: { readonly metrics: readonly EventSourceMappingMetric[] } | undefined
  // Streams (Kinesis, DynamoDB) only:
  startingPosition: StartingPosition | undefined
  startingPositionTimestampMs: number | undefined
  parallelizationFactor: number | undefined
  /** −1: forever. */
  maximumRetryAttempts: number | undefined
  /** −1: forever. */
  maximumRecordAgeInSeconds: number | undefined
  bisectBatchOnFunctionError: boolean | undefined
  tumblingWindowInSeconds: number | undefined
  destinationConfig: { readonly onFailure?: { readonly destination?: string } } | undefined
}

/**
 * What the control plane tells the pollers, and asks them. Given to the control plane at
 * construction (the pollers sit above it, beside the services they read).
 */
export interface EventSourcePollers {
  /** True when the simulation has the queue or stream `arn` names. */
  sourceExists(kind: EventSourceKind, arn: string): boolean
  /** A mapping was created, changed state or settings, or was deleted (state `Deleting`, then gone). */
  mappingChanged(mapping: EventSourceMapping): void
}
