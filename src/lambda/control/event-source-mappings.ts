/**
 * Event source mappings, the control plane: `CreateEventSourceMapping`, `Get…`, `Update…`,
 * `Delete…` and `ListEventSourceMappings` with AWS's validation (the model's ranges, patterns and
 * enums through `event-source-mapping-schemas.ts`, then the per-source rules with AWS's
 * InvalidParameterValueException texts), defaults per source, and the mapping's state over virtual
 * time: `Creating → Enabled` (or `Disabled`), `Enabling`, `Disabling`, `Updating`, `Deleting → gone`,
 * each transition `ESM_TRANSITION_MS` long [SIM].
 *
 * The pollers (`src/event-sources/`) sit above this layer: they are the `EventSourcePollers` given at
 * construction, asked whether a source exists and told of every change to a mapping.
 *
 * A mapping outlives its function (AWS: "To delete Lambda event source mappings that invoke a
 * function, use DeleteEventSourceMapping", DeleteFunction's API reference): deleting the function —
 * or the version or alias the mapping names — leaves the mapping listed, with
 * `LastProcessingResult: 'PROBLEM: Function not found: <arn>'`, and the pollers are told.
 */
import type { z } from 'zod'
import { parseAws } from '../../config/aws-validation.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import { parsePattern } from '../../model/event-pattern.js'
import type {
  EventSourceKind,
  EventSourceMapping,
  EventSourceMappingMetric,
  EventSourcePollers,
  FilterCriteria,
  MappingState,
  StartingPosition,
} from '../../model/event-source-mapping.js'
import type { EventBus } from '../../observability/bus.js'
import {
  createEventSourceMappingSchema,
  eventSourceMappingLookupSchema,
  listEventSourceMappingsSchema,
  updateEventSourceMappingSchema,
  type CreateEventSourceMappingInput,
  type EventSourceMappingLookupInput,
  type ListEventSourceMappingsInput,
  type UpdateEventSourceMappingInput,
} from './event-source-mapping-schemas.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'

export type { CreateEventSourceMappingInput, EventSourceMappingLookupInput, ListEventSourceMappingsInput, UpdateEventSourceMappingInput }

/** [SIM] How long each transitional state (`Creating`, `Enabling`, `Disabling`, `Updating`, `Deleting`) lasts. */
export const ESM_TRANSITION_MS = 1_000

/** [S] ListEventSourceMappings "returns a maximum of 100 items in each response" (API reference). */
const LIST_PAGE_MAX = 100

/** `EventSourceMappingConfiguration`, camelCase. Stream-only members are absent for SQS, as AWS answers. */
export interface EventSourceMappingConfiguration {
  readonly uuid: string
  readonly startingPosition?: StartingPosition
  /** Epoch seconds. */
  readonly startingPositionTimestamp?: number
  readonly batchSize: number
  readonly maximumBatchingWindowInSeconds: number
  readonly parallelizationFactor?: number
  readonly eventSourceArn: string
  readonly filterCriteria?: FilterCriteria
  /** The function, version or alias ARN the mapping invokes. */
  readonly functionArn: string
  /** When it last changed, epoch seconds with milliseconds (virtual time), as AWS sends it. */
  readonly lastModified: number
  /** Streams only (AWS leaves it out for SQS): `No records processed`, `OK`, `PROBLEM: …`. */
  readonly lastProcessingResult?: string
  readonly state: MappingState
  readonly stateTransitionReason: string
  readonly destinationConfig?: { readonly onFailure: { readonly destination?: string } }
  readonly maximumRecordAgeInSeconds?: number
  readonly bisectBatchOnFunctionError?: boolean
  readonly maximumRetryAttempts?: number
  readonly tumblingWindowInSeconds?: number
  readonly functionResponseTypes: readonly 'ReportBatchItemFailures'[]
  readonly scalingConfig?: { readonly maximumConcurrency?: number }
  readonly metricsConfig?: { readonly metrics: readonly EventSourceMappingMetric[] }
  readonly eventSourceMappingArn: string
}

export interface ListEventSourceMappingsOutput {
  readonly eventSourceMappings: EventSourceMappingConfiguration[]
  readonly nextMarker?: string
}

/** What the service keeps beside the shared record. */
interface Entry {
  readonly mapping: EventSourceMapping
  /** The function's name (AWS's conflict message names it), and the qualifier the mapping names. */
  functionName: string
  qualifier: string | undefined
  /** Whether the mapping should end Enabled (true) or Disabled. */
  enabled: boolean
  /** The pending end of a transitional state. */
  timer: object | undefined
}

type CreateParsed = z.output<typeof createEventSourceMappingSchema>
type UpdateParsed = z.output<typeof updateEventSourceMappingSchema>

/** [S] (LocalStack's AWS-parity tests) The message for a parameter the source kind does not take. */
const unsupported = (parameter: string): LambdaError =>
  awsErrors.invalidParameter(`Unsupported ${parameter} parameter for given event source mapping type.`)

/**
 * A stream mapping's on-failure destination is an SQS queue, an SNS topic or an S3 bucket (§8.3).
 * [S] The refusal reads as `PutFunctionEventInvokeConfig`'s for a destination of the wrong kind.
 */
function checkOnFailureDestination(config: { readonly onFailure?: { readonly destination?: string | undefined } | undefined } | undefined): void {
  const arn = config?.onFailure?.destination
  if (arn === undefined || arn === '') return
  const service = /^arn:aws[a-zA-Z-]*:([a-z0-9]+):/.exec(arn)?.[1]
  if (service !== 'sqs' && service !== 'sns' && service !== 's3') {
    throw awsErrors.invalidParameter(`The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${arn})) is invalid.`)
  }
}

/** The settings that belong to stream sources only, by their AWS names. */
const STREAM_ONLY = [
  ['startingPosition', 'StartingPosition'],
  ['startingPositionTimestamp', 'StartingPositionTimestamp'],
  ['parallelizationFactor', 'ParallelizationFactor'],
  ['maximumRetryAttempts', 'MaximumRetryAttempts'],
  ['maximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds'],
  ['bisectBatchOnFunctionError', 'BisectBatchOnFunctionError'],
  ['tumblingWindowInSeconds', 'TumblingWindowInSeconds'],
  ['destinationConfig', 'DestinationConfig'],
] as const

/** [U] AWS's limit is 5 filters per mapping (quota, adjustable to 10); its refusal text is not documented. */
const MAX_FILTERS = 5

export class EventSourceMappingService {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly pollers: EventSourcePollers,
  ) {
    bus.on('function.deleted', (event) => this.functionGone(event.functionName, undefined))
    store.onQualifierRemoved((record, qualifier) => this.functionGone(record.functionName, qualifier))
  }

  createEventSourceMapping(input: CreateEventSourceMappingInput): EventSourceMappingConfiguration {
    const parsed = parseAws(createEventSourceMappingSchema, input)
    if (parsed.destinationConfig?.onSuccess !== undefined) throw unsupported('DestinationConfig')
    const eventSourceArn = parsed.eventSourceArn
    const kind = eventSourceArn === undefined ? undefined : kindOf(eventSourceArn)
    if (kind !== 'sqs') checkOnFailureDestination(parsed.destinationConfig)
    // [S] LocalStack's AWS-parity text for a missing or unrecognised source (AWS in 2016: "Unrecognized
    // event source, must be kinesis or dynamodb stream").
    if (eventSourceArn === undefined || kind === undefined) throw awsErrors.invalidParameter('Unrecognized event source.')
    const fifo = kind === 'sqs' && eventSourceArn.endsWith('.fifo')
    const batchSize = parsed.batchSize ?? (kind === 'sqs' ? 10 : 100)
    const window = parsed.maximumBatchingWindowInSeconds ?? 0
    if (kind === 'sqs') {
      for (const [key, name] of STREAM_ONLY) if (parsed[key] !== undefined) throw unsupported(name)
    } else {
      if (parsed.scalingConfig !== undefined) throw unsupported('ScalingConfig')
      // [S] The text AWS sends (LocalStack's parity tests), an InvalidParameterValueException with Coral's wording.
      if (parsed.startingPosition === undefined) {
        throw awsErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
      }
      if (kind === 'dynamodb' && parsed.startingPosition === 'AT_TIMESTAMP') {
        throw awsErrors.invalidParameter(`Unsupported starting position for arn type: ${eventSourceArn}`)
      }
      if (parsed.startingPosition === 'AT_TIMESTAMP' && parsed.startingPositionTimestamp === undefined) {
        // [U] AWS's text for AT_TIMESTAMP without a timestamp.
        throw awsErrors.invalidParameter('StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP.')
      }
      if (parsed.startingPosition !== 'AT_TIMESTAMP' && parsed.startingPositionTimestamp !== undefined) {
        // [U] AWS's text for a timestamp with another starting position.
        throw awsErrors.invalidParameter('StartingPositionTimestamp is only valid when StartingPosition is AT_TIMESTAMP.')
      }
    }
    this.checkSettings(kind, fifo, batchSize, window, parsed)

    const target = this.resolveFunction(parsed.functionName)
    if (!this.pollers.sourceExists(kind, eventSourceArn)) throw sourceNotFound(kind, eventSourceArn)
    this.checkConflict(eventSourceArn, target.functionArn, target.functionName, undefined)

    const uuid = this.ids.uuid()
    const stream = kind !== 'sqs'
    const mapping: EventSourceMapping = {
      uuid,
      eventSourceArn,
      kind,
      functionArn: target.functionArn,
      state: 'Creating',
      stateTransitionReason: 'USER_INITIATED',
      lastProcessingResult: 'No records processed',
      lastModifiedMs: this.kernel.nowMs,
      batchSize,
      maximumBatchingWindowInSeconds: window,
      functionResponseTypes: [...(parsed.functionResponseTypes ?? [])],
      filterCriteria: filterCriteriaOf(parsed.filterCriteria),
      scalingConfig: parsed.scalingConfig !== undefined ? { ...parsed.scalingConfig } : undefined,
      metricsConfig: metricsConfigOf(parsed.metricsConfig),
      startingPosition: stream ? parsed.startingPosition : undefined,
      startingPositionTimestampMs: stream && parsed.startingPositionTimestamp !== undefined ? timestampMs(parsed.startingPositionTimestamp) : undefined,
      parallelizationFactor: stream ? (parsed.parallelizationFactor ?? 1) : undefined,
      maximumRetryAttempts: stream ? (parsed.maximumRetryAttempts ?? -1) : undefined,
      maximumRecordAgeInSeconds: stream ? (parsed.maximumRecordAgeInSeconds ?? -1) : undefined,
      bisectBatchOnFunctionError: stream ? (parsed.bisectBatchOnFunctionError ?? false) : undefined,
      tumblingWindowInSeconds: stream ? (parsed.tumblingWindowInSeconds ?? 0) : undefined,
      destinationConfig: stream ? { onFailure: { ...(parsed.destinationConfig?.onFailure ?? {}) } } : undefined,
    }
    const entry: Entry = { mapping, functionName: target.functionName, qualifier: target.qualifier, enabled: parsed.enabled ?? true, timer: undefined }
    this.entries.set(uuid, entry)
    this.changed(entry, 'created')
    this.settleLater(entry)
    return this.output(mapping)
  }

  getEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration {
    const parsed = parseAws(eventSourceMappingLookupSchema, input)
    return this.output(this.entryOf(parsed.uuid).mapping)
  }

  updateEventSourceMapping(input: UpdateEventSourceMappingInput): EventSourceMappingConfiguration {
    const parsed = parseAws(updateEventSourceMappingSchema, input)
    const entry = this.entryOf(parsed.uuid)
    const mapping = entry.mapping
    if (parsed.destinationConfig?.onSuccess !== undefined) throw unsupported('DestinationConfig')
    if (mapping.kind !== 'sqs') checkOnFailureDestination(parsed.destinationConfig)
    if (mapping.kind === 'sqs') {
      for (const [key, name] of STREAM_ONLY) if (key in parsed && (parsed as Record<string, unknown>)[key] !== undefined) throw unsupported(name)
    } else if (parsed.scalingConfig !== undefined) {
      throw unsupported('ScalingConfig')
    }
    const fifo = mapping.kind === 'sqs' && mapping.eventSourceArn.endsWith('.fifo')
    const batchSize = parsed.batchSize ?? mapping.batchSize
    const window = parsed.maximumBatchingWindowInSeconds ?? mapping.maximumBatchingWindowInSeconds
    this.checkSettings(mapping.kind, fifo, batchSize, window, parsed)
    const target = parsed.functionName !== undefined ? this.resolveFunction(parsed.functionName) : undefined
    if (target !== undefined && target.functionArn !== mapping.functionArn) {
      this.checkConflict(mapping.eventSourceArn, target.functionArn, target.functionName, mapping.uuid)
    }
    // [S] Terraform's AWS provider retries on this text ("…because it is in use").
    if (isTransitional(mapping.state)) {
      throw new LambdaError('ResourceInUseException', 'Cannot update the event source mapping because it is in use.')
    }

    if (target !== undefined) {
      mapping.functionArn = target.functionArn
      entry.functionName = target.functionName
      entry.qualifier = target.qualifier
    }
    mapping.batchSize = batchSize
    mapping.maximumBatchingWindowInSeconds = window
    if (parsed.functionResponseTypes !== undefined) mapping.functionResponseTypes = [...parsed.functionResponseTypes]
    // An empty `Filters` list (or none) removes the filters, as on AWS.
    if (parsed.filterCriteria !== undefined) mapping.filterCriteria = filterCriteriaOf(parsed.filterCriteria)
    if (parsed.metricsConfig !== undefined) mapping.metricsConfig = metricsConfigOf(parsed.metricsConfig)
    if (parsed.scalingConfig !== undefined) {
      mapping.scalingConfig = parsed.scalingConfig.maximumConcurrency !== undefined ? { ...parsed.scalingConfig } : undefined
    }
    if (mapping.kind !== 'sqs') {
      if (parsed.parallelizationFactor !== undefined) mapping.parallelizationFactor = parsed.parallelizationFactor
      if (parsed.maximumRetryAttempts !== undefined) mapping.maximumRetryAttempts = parsed.maximumRetryAttempts
      if (parsed.maximumRecordAgeInSeconds !== undefined) mapping.maximumRecordAgeInSeconds = parsed.maximumRecordAgeInSeconds
      if (parsed.bisectBatchOnFunctionError !== undefined) mapping.bisectBatchOnFunctionError = parsed.bisectBatchOnFunctionError
      if (parsed.tumblingWindowInSeconds !== undefined) mapping.tumblingWindowInSeconds = parsed.tumblingWindowInSeconds
      if (parsed.destinationConfig !== undefined) mapping.destinationConfig = { onFailure: { ...(parsed.destinationConfig.onFailure ?? {}) } }
    }
    const wasEnabled = entry.enabled
    if (parsed.enabled !== undefined) entry.enabled = parsed.enabled
    mapping.state = entry.enabled === wasEnabled ? 'Updating' : entry.enabled ? 'Enabling' : 'Disabling'
    mapping.stateTransitionReason = 'USER_INITIATED'
    mapping.lastModifiedMs = this.kernel.nowMs
    this.changed(entry, 'updated')
    this.settleLater(entry)
    return this.output(mapping)
  }

  deleteEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration {
    const parsed = parseAws(eventSourceMappingLookupSchema, input)
    const entry = this.entryOf(parsed.uuid)
    const mapping = entry.mapping
    // [U] AWS's text when a mapping is deleted while another change is in progress.
    if (isTransitional(mapping.state)) {
      throw new LambdaError('ResourceInUseException', 'Cannot delete the event source mapping because it is in use.')
    }
    mapping.state = 'Deleting'
    mapping.stateTransitionReason = 'USER_INITIATED'
    mapping.lastModifiedMs = this.kernel.nowMs
    this.changed(entry, 'deleting')
    this.settleLater(entry)
    return this.output(mapping)
  }

  listEventSourceMappings(input: ListEventSourceMappingsInput = {}): ListEventSourceMappingsOutput {
    const parsed = parseAws(listEventSourceMappingsSchema, input)
    // [U] A FunctionName filter matches the ARN the mapping names exactly (an unqualified name lists
    // the mappings on the unqualified function, not those on its versions or aliases).
    const functionArn = parsed.functionName !== undefined ? this.functionArnOf(parsed.functionName) : undefined
    const matching = [...this.entries.values()]
      .map((entry) => entry.mapping)
      .filter((m) => (parsed.eventSourceArn === undefined || m.eventSourceArn === parsed.eventSourceArn) && (functionArn === undefined || m.functionArn === functionArn))
    const page = paginate(matching, (m) => m.uuid, parsed.marker, Math.min(parsed.maxItems ?? LIST_PAGE_MAX, LIST_PAGE_MAX))
    return { eventSourceMappings: page.items.map((m) => this.output(m)), ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** The live record of a mapping (for the pollers and the facade), or undefined once it is gone. */
  mapping(uuid: string): EventSourceMapping | undefined {
    return this.entries.get(uuid)?.mapping
  }

  /** Every mapping, in creation order. */
  mappings(): EventSourceMapping[] {
    return [...this.entries.values()].map((entry) => entry.mapping)
  }

  // ---------------------------------------------------------------- internals

  /** The rules the model cannot express, in the order AWS checks them. */
  private checkSettings(
    kind: EventSourceKind,
    fifo: boolean,
    batchSize: number,
    window: number,
    parsed: Pick<CreateParsed | UpdateParsed, 'maximumRecordAgeInSeconds' | 'filterCriteria' | 'metricsConfig'>,
  ): void {
    if (kind === 'sqs') {
      // [U] AWS's text for a FIFO batch above 10 (the limit itself is documented).
      if (fifo && batchSize > 10) throw awsErrors.invalidParameter('Batch size for FIFO queues must be between 1 and 10.')
      // [S] The text AWS sends (seen in many deployment tools' error reports). Streams take 100 by
      // default without a window, so this rule is SQS's.
      if (batchSize > 10 && window === 0) {
        throw awsErrors.invalidParameter('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10')
      }
    }
    const age = parsed.maximumRecordAgeInSeconds
    if (age !== undefined && age !== -1 && age < 60) {
      throw awsErrors.invalidParameter('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)')
    }
    // [U] AWS's text for a Kafka-only metric on another source (the rule itself is documented).
    const kafkaOnly = (parsed.metricsConfig?.metrics ?? []).filter((metric) => metric !== 'EventCount')
    if (kafkaOnly.length > 0) throw awsErrors.invalidParameter(`Metrics ${kafkaOnly.join(', ')} are only supported for Kafka event sources.`)
    const filters = parsed.filterCriteria?.filters ?? []
    if (filters.length > MAX_FILTERS) throw awsErrors.invalidParameter(`The number of filters exceeds the limit of ${MAX_FILTERS}.`)
    for (const filter of filters) {
      // [S] LocalStack's AWS-parity text for an empty, non-JSON or invalid pattern.
      if (filter.pattern === undefined || filter.pattern === '' || !parsePattern(filter.pattern).ok) {
        throw awsErrors.invalidParameter('Invalid filter pattern definition.')
      }
    }
  }

  /** The function (name, ARN, version or alias) a mapping will invoke, or AWS's refusal. */
  private resolveFunction(identifier: string): { functionName: string; qualifier: string | undefined; functionArn: string } {
    let ref
    try {
      ref = this.store.refOf(identifier)
      this.store.resolve(ref)
    } catch {
      // [S] "Function does not exist" is what AWS answers here (an InvalidParameterValueException;
      // LocalStack's parity tests, terraform-provider-aws#22373).
      throw awsErrors.invalidParameter('Function does not exist')
    }
    const qualifier = ref.qualifier === '$LATEST' ? undefined : ref.qualifier
    return { functionName: ref.functionName, qualifier, functionArn: this.store.arn(ref.functionName, qualifier) }
  }

  /** The ARN a FunctionName filter names (the function need not exist). */
  private functionArnOf(identifier: string): string {
    const ref = this.store.refOf(identifier)
    return this.store.arn(ref.functionName, ref.qualifier === '$LATEST' ? undefined : ref.qualifier)
  }

  private checkConflict(eventSourceArn: string, functionArn: string, functionName: string, except: string | undefined): void {
    for (const entry of this.entries.values()) {
      const m = entry.mapping
      if (m.uuid === except || m.eventSourceArn !== eventSourceArn || m.functionArn !== functionArn) continue
      // AWS words it differently for SQS and for streams.
      throw awsErrors.resourceConflict(
        m.kind === 'sqs'
          ? `An event source mapping with SQS arn (" ${eventSourceArn} ") and function (" ${functionName} ") already exists. Please update or delete the existing mapping with UUID ${m.uuid}`
          : `The event source arn (" ${eventSourceArn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${m.uuid}`,
      )
    }
  }

  private entryOf(uuid: string): Entry {
    const entry = this.entries.get(uuid)
    // [S] LocalStack's AWS-parity text.
    if (entry === undefined) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.')
    return entry
  }

  /** Ends the transitional state after `ESM_TRANSITION_MS` of virtual time. */
  private settleLater(entry: Entry): void {
    if (entry.timer !== undefined) this.kernel.cancel(entry.timer)
    entry.timer = this.kernel.schedule(this.kernel.nowMs + ESM_TRANSITION_MS, (e: Entry) => this.settle(e), entry)
  }

  private settle(entry: Entry): void {
    entry.timer = undefined
    const mapping = entry.mapping
    if (mapping.state === 'Deleting') {
      this.entries.delete(mapping.uuid)
      this.changed(entry, 'deleted')
      return
    }
    mapping.state = entry.enabled ? 'Enabled' : 'Disabled'
    mapping.lastModifiedMs = this.kernel.nowMs
    this.changed(entry, 'state')
  }

  /** The function (or the version or alias) a mapping names is gone: the mapping stays, and reports it. */
  private functionGone(functionName: string, qualifier: string | undefined): void {
    for (const entry of this.entries.values()) {
      if (entry.functionName !== functionName || (qualifier !== undefined && entry.qualifier !== qualifier)) continue
      // [S] What AWS reports then (an issue of awslabs/lambda-streams-to-firehose, 2016), without the
      // Java client's "(Service: AWSLambda; …)" suffix.
      entry.mapping.lastProcessingResult = `PROBLEM: Function not found: ${entry.mapping.functionArn}`
      this.changed(entry, 'function-deleted')
    }
  }

  private changed(entry: Entry, change: 'created' | 'updated' | 'state' | 'deleting' | 'deleted' | 'function-deleted'): void {
    const m = entry.mapping
    if (this.bus.wants('eventSourceMapping.changed')) {
      this.bus.emit({
        type: 'eventSourceMapping.changed',
        atMs: this.kernel.nowMs,
        uuid: m.uuid,
        eventSourceArn: m.eventSourceArn,
        functionArn: m.functionArn,
        state: m.state,
        change,
        metrics: [...(m.metricsConfig?.metrics ?? [])],
      })
    }
    this.pollers.mappingChanged(m)
  }

  private output(m: EventSourceMapping): EventSourceMappingConfiguration {
    const stream = m.kind !== 'sqs'
    return {
      uuid: m.uuid,
      ...(m.startingPosition !== undefined ? { startingPosition: m.startingPosition } : {}),
      ...(m.startingPositionTimestampMs !== undefined ? { startingPositionTimestamp: m.startingPositionTimestampMs / 1000 } : {}),
      batchSize: m.batchSize,
      maximumBatchingWindowInSeconds: m.maximumBatchingWindowInSeconds,
      ...(m.parallelizationFactor !== undefined ? { parallelizationFactor: m.parallelizationFactor } : {}),
      eventSourceArn: m.eventSourceArn,
      ...(m.filterCriteria !== undefined ? { filterCriteria: { filters: m.filterCriteria.filters.map((f) => ({ pattern: f.pattern })) } } : {}),
      functionArn: m.functionArn,
      lastModified: m.lastModifiedMs / 1000,
      ...(stream ? { lastProcessingResult: m.lastProcessingResult } : {}),
      state: m.state,
      stateTransitionReason: m.stateTransitionReason,
      ...(m.destinationConfig !== undefined ? { destinationConfig: { onFailure: { ...(m.destinationConfig.onFailure ?? {}) } } } : {}),
      ...(m.maximumRecordAgeInSeconds !== undefined ? { maximumRecordAgeInSeconds: m.maximumRecordAgeInSeconds } : {}),
      ...(m.bisectBatchOnFunctionError !== undefined ? { bisectBatchOnFunctionError: m.bisectBatchOnFunctionError } : {}),
      ...(m.maximumRetryAttempts !== undefined ? { maximumRetryAttempts: m.maximumRetryAttempts } : {}),
      ...(m.tumblingWindowInSeconds !== undefined ? { tumblingWindowInSeconds: m.tumblingWindowInSeconds } : {}),
      functionResponseTypes: [...m.functionResponseTypes],
      ...(m.scalingConfig !== undefined ? { scalingConfig: { ...m.scalingConfig } } : {}),
      ...(m.metricsConfig !== undefined ? { metricsConfig: { metrics: [...m.metricsConfig.metrics] } } : {}),
      eventSourceMappingArn: `arn:aws:lambda:${this.store.scope.region}:${this.store.scope.accountId}:event-source-mapping:${m.uuid}`,
    }
  }
}

/** `MetricsConfig` as kept: none when it names no metric (AWS turns the metrics off then). */
function metricsConfigOf(config: { metrics?: readonly EventSourceMappingMetric[] | undefined } | undefined): EventSourceMapping['metricsConfig'] {
  const metrics = config?.metrics ?? []
  return metrics.length === 0 ? undefined : { metrics: [...new Set(metrics)] }
}

/** Which poller serves an ARN: SQS queues, Kinesis streams, DynamoDB table streams; undefined otherwise. */
export function kindOf(arn: string): EventSourceKind | undefined {
  const parts = arn.split(':')
  const service = parts[2]
  const resource = parts.slice(5).join(':')
  if (service === 'sqs' && parts.length === 6 && resource.length > 0) return 'sqs'
  if (service === 'kinesis' && /^stream\/[^/]+$/.test(resource)) return 'kinesis'
  if (service === 'dynamodb' && /^table\/[^/]+\/stream\/[^/]+$/.test(resource)) return 'dynamodb'
  return undefined
}

function isTransitional(state: MappingState): boolean {
  return state !== 'Enabled' && state !== 'Disabled'
}

/** [S] The texts AWS answers for a source that does not exist (LocalStack's AWS-parity tests). */
function sourceNotFound(kind: EventSourceKind, arn: string): LambdaError {
  return kind === 'sqs'
    ? awsErrors.invalidParameter(
        'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.',
      )
    : awsErrors.invalidParameter(`Stream not found: ${arn}`)
}

function filterCriteriaOf(criteria: { filters?: { pattern?: string }[] } | undefined): FilterCriteria | undefined {
  const filters = criteria?.filters ?? []
  return filters.length === 0 ? undefined : { filters: filters.map((f) => ({ pattern: f.pattern ?? '' })) }
}

function timestampMs(value: Date | number): number {
  return value instanceof Date ? value.getTime() : value * 1000
}
