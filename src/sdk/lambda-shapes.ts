/**
 * Lambda's wire shapes (PascalCase members, as the SDK serialises them) mapped to and from the
 * simulation's inputs and outputs (the same names, camelCase). The mapping is explicit per shape,
 * never a blanket key conversion: map-valued members (`Environment.Variables`, `Tags`,
 * `AdditionalVersionWeights`) carry user keys that must pass through untouched.
 *
 * Inputs are read from parsed JSON (`unknown`) and handed to the simulation, whose schemas check
 * types, ranges and patterns with AWS's messages; nothing is validated twice here.
 */
import type { FunctionConfiguration } from '../model/function-record.js'
import type { AliasConfiguration } from '../lambda/control/aliases.js'
import type { ProvisionedConcurrencyConfigOutput } from '../lambda/control/concurrency-config.js'
import type { FunctionEventInvokeConfigOutput } from '../lambda/control/event-invoke-config.js'
import type { EventSourceMappingConfiguration } from '../lambda/control/event-source-mappings.js'
import { NotSimulatedError } from './rest-json.js'

/** A JSON object from a request body. */
export type WireObject = Readonly<Record<string, unknown>>

/** The member `key` of a wire object, or undefined when the value is not an object. */
export function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject)[key] : undefined
}

/**
 * Drops members that are `undefined`: the simulation treats an absent member as "unchanged" and
 * must not see `{ logFormat: undefined }` as a request to clear it.
 */
export function compact<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>
}

/** A nested wire object mapped member by member; absent stays absent. */
function nested(value: unknown, map: (present: unknown) => Record<string, unknown>): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : compact(map(value))
}

// ---------------------------------------------------------------- requests

/**
 * Settings lambda-sim does not simulate. Sending one with a value is refused (by name) rather than
 * ignored, so a test never passes on behaviour the simulation did not model. An empty value — how
 * callers clear a setting (`VpcConfig: { SubnetIds: [], SecurityGroupIds: [] }`,
 * `SnapStart: { ApplyOn: 'None' }`, `KMSKeyArn: ''`) — is accepted.
 */
const NOT_SIMULATED_CONFIGURATION: Readonly<Record<string, string>> = {
  VpcConfig: 'VpcConfig (VPC networking)',
  KMSKeyArn: 'KMSKeyArn (customer managed keys)',
  FileSystemConfigs: 'FileSystemConfigs (Amazon EFS)',
  ImageConfig: 'ImageConfig (container images)',
  SnapStart: 'SnapStart',
  TenancyConfig: 'TenancyConfig (tenant isolation)',
  CapacityProviderConfig: 'CapacityProviderConfig (Lambda Managed Instances)',
  DurableConfig: 'DurableConfig (durable functions)',
  RuntimeConfig: 'RuntimeConfig',
  AcceleratorConfig: 'AcceleratorConfig',
  PublishTo: 'PublishTo',
  MasterRegion: 'MasterRegion (Lambda@Edge replicas)',
  ImageUri: 'ImageUri (container images)',
  S3ObjectStorageMode: 'S3ObjectStorageMode',
  SourceKMSKeyArn: 'SourceKMSKeyArn (customer managed keys)',
}

function isUnset(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'None') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.values(value).every(isUnset)
  return false
}

/** Refuses any member of `input` that lambda-sim does not simulate and that carries a value. */
export function refuseNotSimulated(input: WireObject): void {
  for (const [key, label] of Object.entries(NOT_SIMULATED_CONFIGURATION)) {
    if (!isUnset(input[key])) throw new NotSimulatedError(label)
  }
}

/** The configuration members shared by CreateFunction and UpdateFunctionConfiguration. */
export function configurationInput(body: WireObject): Record<string, unknown> {
  return compact({
    role: body['Role'],
    handler: body['Handler'],
    runtime: body['Runtime'],
    description: body['Description'],
    timeout: body['Timeout'],
    memorySize: body['MemorySize'],
    architectures: body['Architectures'],
    layers: body['Layers'],
    environment: nested(body['Environment'], (environment) => ({ variables: member(environment, 'Variables') })),
    deadLetterConfig: nested(body['DeadLetterConfig'], (config) => ({ targetArn: member(config, 'TargetArn') })),
    tracingConfig: nested(body['TracingConfig'], (config) => ({ mode: member(config, 'Mode') })),
    ephemeralStorage: nested(body['EphemeralStorage'], (storage) => ({ size: member(storage, 'Size') })),
    loggingConfig: nested(body['LoggingConfig'], (config) => ({
      logFormat: member(config, 'LogFormat'),
      logGroup: member(config, 'LogGroup'),
      applicationLogLevel: member(config, 'ApplicationLogLevel'),
      systemLogLevel: member(config, 'SystemLogLevel'),
    })),
  })
}

/** `RoutingConfig` of CreateAlias / UpdateAlias. */
export function routingConfigInput(value: unknown): Record<string, unknown> | undefined {
  return nested(value, (routing) => ({ additionalVersionWeights: member(routing, 'AdditionalVersionWeights') }))
}

/** `DestinationConfig` of Put/UpdateFunctionEventInvokeConfig. */
export function destinationConfigInput(value: unknown): Record<string, unknown> | undefined {
  const side = (key: string): Record<string, unknown> | undefined => nested(member(value, key), (target) => ({ destination: member(target, 'Destination') }))
  return nested(value, () => ({ onSuccess: side('OnSuccess'), onFailure: side('OnFailure') }))
}

/**
 * Event source mapping members lambda-sim does not simulate (Kafka, Amazon MQ and DocumentDB sources,
 * provisioned pollers, ESM logging, encryption of filter criteria); refused by
 * name when they carry a value. `Tags` are kept (CreateEventSourceMapping tags the new mapping).
 */
const NOT_SIMULATED_MAPPING: Readonly<Record<string, string>> = {
  KMSKeyArn: 'KMSKeyArn (customer managed keys for filter criteria)',
  LoggingConfig: 'LoggingConfig (event source mapping logs)',
  Topics: 'Topics (Kafka sources)',
  Queues: 'Queues (Amazon MQ sources)',
  SourceAccessConfigurations: 'SourceAccessConfigurations (Kafka and Amazon MQ sources)',
  SelfManagedEventSource: 'SelfManagedEventSource (self-managed Kafka)',
  AmazonManagedKafkaEventSourceConfig: 'AmazonManagedKafkaEventSourceConfig (Amazon MSK)',
  SelfManagedKafkaEventSourceConfig: 'SelfManagedKafkaEventSourceConfig (self-managed Kafka)',
  DocumentDBEventSourceConfig: 'DocumentDBEventSourceConfig (Amazon DocumentDB)',
  ProvisionedPollerConfig: 'ProvisionedPollerConfig (provisioned mode)',
}

/** Refuses any event source mapping member lambda-sim does not simulate and that carries a value. */
export function refuseNotSimulatedMapping(input: WireObject): void {
  for (const [key, label] of Object.entries(NOT_SIMULATED_MAPPING)) {
    if (!isUnset(input[key])) throw new NotSimulatedError(label)
  }
}

/** `FilterCriteria`: `{ Filters: [{ Pattern }] }`. A `Filters` that is not a list passes as is, for the schema to refuse. */
function filterCriteriaInput(value: unknown): Record<string, unknown> | undefined {
  return nested(value, (criteria) => {
    const filters = member(criteria, 'Filters')
    return { filters: Array.isArray(filters) ? filters.map((filter) => compact({ pattern: member(filter, 'Pattern') })) : filters }
  })
}

/** The members of Create/UpdateEventSourceMapping (Update has no source or starting position). */
export function eventSourceMappingInput(body: WireObject): Record<string, unknown> {
  return compact({
    functionName: body['FunctionName'],
    eventSourceArn: body['EventSourceArn'],
    enabled: body['Enabled'],
    batchSize: body['BatchSize'],
    filterCriteria: filterCriteriaInput(body['FilterCriteria']),
    scalingConfig: nested(body['ScalingConfig'], (config) => ({ maximumConcurrency: member(config, 'MaximumConcurrency') })),
    metricsConfig: nested(body['MetricsConfig'], (config) => ({ metrics: member(config, 'Metrics') })),
    maximumBatchingWindowInSeconds: body['MaximumBatchingWindowInSeconds'],
    parallelizationFactor: body['ParallelizationFactor'],
    startingPosition: body['StartingPosition'],
    // A timestamp travels as epoch seconds on this protocol.
    startingPositionTimestamp: body['StartingPositionTimestamp'],
    destinationConfig: destinationConfigInput(body['DestinationConfig']),
    maximumRecordAgeInSeconds: body['MaximumRecordAgeInSeconds'],
    bisectBatchOnFunctionError: body['BisectBatchOnFunctionError'],
    maximumRetryAttempts: body['MaximumRetryAttempts'],
    tumblingWindowInSeconds: body['TumblingWindowInSeconds'],
    functionResponseTypes: body['FunctionResponseTypes'],
  })
}

// ---------------------------------------------------------------- responses

/** `EventSourceMappingConfiguration`; `LastModified` and `StartingPositionTimestamp` in epoch seconds. */
export function eventSourceMappingOutput(c: EventSourceMappingConfiguration): Record<string, unknown> {
  return {
    UUID: c.uuid,
    StartingPosition: c.startingPosition,
    StartingPositionTimestamp: c.startingPositionTimestamp,
    BatchSize: c.batchSize,
    MaximumBatchingWindowInSeconds: c.maximumBatchingWindowInSeconds,
    ParallelizationFactor: c.parallelizationFactor,
    EventSourceArn: c.eventSourceArn,
    FilterCriteria: c.filterCriteria !== undefined ? { Filters: c.filterCriteria.filters.map((filter) => ({ Pattern: filter.pattern })) } : undefined,
    FunctionArn: c.functionArn,
    LastModified: c.lastModified,
    LastProcessingResult: c.lastProcessingResult,
    State: c.state,
    StateTransitionReason: c.stateTransitionReason,
    DestinationConfig: c.destinationConfig !== undefined ? { OnFailure: { Destination: c.destinationConfig.onFailure.destination } } : undefined,
    MaximumRecordAgeInSeconds: c.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: c.bisectBatchOnFunctionError,
    MaximumRetryAttempts: c.maximumRetryAttempts,
    TumblingWindowInSeconds: c.tumblingWindowInSeconds,
    FunctionResponseTypes: [...c.functionResponseTypes],
    ScalingConfig: c.scalingConfig !== undefined ? { MaximumConcurrency: c.scalingConfig.maximumConcurrency } : undefined,
    MetricsConfig: c.metricsConfig !== undefined ? { Metrics: [...c.metricsConfig.metrics] } : undefined,
    EventSourceMappingArn: c.eventSourceMappingArn,
  }
}

/** `FunctionConfiguration`. SnapStart is not simulated, so it reads as off, as AWS reports it then. */
export function functionConfigurationOutput(configuration: FunctionConfiguration): Record<string, unknown> {
  const c = configuration
  return {
    FunctionName: c.functionName,
    FunctionArn: c.functionArn,
    Runtime: c.runtime,
    Role: c.role,
    Handler: c.handler,
    CodeSize: c.codeSize,
    Description: c.description,
    Timeout: c.timeout,
    MemorySize: c.memorySize,
    LastModified: c.lastModified,
    CodeSha256: c.codeSha256,
    Version: c.version,
    Environment: c.environment !== undefined ? { Variables: { ...c.environment.variables } } : undefined,
    DeadLetterConfig: c.deadLetterConfig !== undefined ? { TargetArn: c.deadLetterConfig.targetArn } : undefined,
    TracingConfig: { Mode: c.tracingConfig.mode },
    RevisionId: c.revisionId,
    Layers: c.layers?.map((layer) => ({ Arn: layer.arn, CodeSize: layer.codeSize })),
    State: c.state,
    StateReason: c.stateReason,
    StateReasonCode: c.stateReasonCode,
    LastUpdateStatus: c.lastUpdateStatus,
    LastUpdateStatusReason: c.lastUpdateStatusReason,
    LastUpdateStatusReasonCode: c.lastUpdateStatusReasonCode,
    PackageType: c.packageType,
    Architectures: [...c.architectures],
    EphemeralStorage: { Size: c.ephemeralStorage.size },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: {
      LogFormat: c.loggingConfig.logFormat,
      ApplicationLogLevel: c.loggingConfig.applicationLogLevel,
      SystemLogLevel: c.loggingConfig.systemLogLevel,
      LogGroup: c.loggingConfig.logGroup,
    },
  }
}

/** `AliasConfiguration`. */
export function aliasOutput(alias: AliasConfiguration): Record<string, unknown> {
  return {
    AliasArn: alias.aliasArn,
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RoutingConfig: alias.routingConfig !== undefined ? { AdditionalVersionWeights: { ...alias.routingConfig.additionalVersionWeights } } : undefined,
    RevisionId: alias.revisionId,
  }
}

/** `Get/PutProvisionedConcurrencyConfigResponse` (and a list item, with its `FunctionArn`). */
export function provisionedConcurrencyOutput(config: ProvisionedConcurrencyConfigOutput & { readonly functionArn?: string }): Record<string, unknown> {
  return {
    FunctionArn: config.functionArn,
    RequestedProvisionedConcurrentExecutions: config.requestedProvisionedConcurrentExecutions,
    AvailableProvisionedConcurrentExecutions: config.availableProvisionedConcurrentExecutions,
    AllocatedProvisionedConcurrentExecutions: config.allocatedProvisionedConcurrentExecutions,
    Status: config.status,
    StatusReason: config.statusReason,
    LastModified: config.lastModified,
  }
}

/** `FunctionEventInvokeConfig`; `LastModified` is a timestamp, epoch seconds on this protocol. */
export function eventInvokeConfigOutput(config: FunctionEventInvokeConfigOutput): Record<string, unknown> {
  const side = (target: { readonly destination?: string }): Record<string, unknown> => ({ Destination: target.destination })
  return {
    LastModified: config.lastModified,
    FunctionArn: config.functionArn,
    MaximumRetryAttempts: config.maximumRetryAttempts,
    MaximumEventAgeInSeconds: config.maximumEventAgeInSeconds,
    DestinationConfig: { OnSuccess: side(config.destinationConfig.onSuccess), OnFailure: side(config.destinationConfig.onFailure) },
  }
}
