/**
 * A bucket's notification configuration: the checks `PutBucketNotificationConfiguration` makes
 * (event types, filter rules, overlapping configurations, destinations), and which configurations
 * an object event matches.
 */
import type { LambdaFunctionConfiguration, NotificationConfiguration, QueueConfiguration, S3NotificationFilter, TopicConfiguration } from './api.js'
import { S3Error, s3Errors } from './errors.js'
import { s3EventKey } from './event-record.js'

/** The event types S3 accepts in a configuration (`s3:TestEvent` is S3's own, never configured). */
const EVENT_TYPES = new Set([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
])

export type DestinationKind = 'lambda' | 'queue' | 'topic'

/** One configuration as stored: its destination, events and key filter. */
export interface StoredNotification {
  readonly kind: DestinationKind
  readonly id: string
  readonly destination: string
  readonly events: readonly string[]
  readonly prefix: string | undefined
  readonly suffix: string | undefined
  /** The filter rules as given (names as written), returned by GetBucketNotificationConfiguration. */
  readonly filterRules: ReadonlyArray<{ readonly name: string; readonly value: string }>
}

export interface StoredNotificationConfiguration {
  readonly entries: readonly StoredNotification[]
  readonly eventBridge: boolean
}

export const EMPTY_NOTIFICATION_CONFIGURATION: StoredNotificationConfiguration = { entries: [], eventBridge: false }

/**
 * Whether S3 may deliver to a destination: `undefined` when it may, else the reason S3 gives in
 * `ArgumentValueN` ("Not authorized to invoke function [arn]").
 */
export type DestinationCheck = (kind: DestinationKind, arn: string, bucket: string) => string | undefined

/** The configuration as given, checked as S3 checks it; `newId` names configurations without an `Id`. */
export function parseNotificationConfiguration(
  bucket: string,
  input: NotificationConfiguration,
  newId: () => string,
  check: DestinationCheck | undefined,
): StoredNotificationConfiguration {
  const entries: StoredNotification[] = []
  const add = (kind: DestinationKind, configs: readonly (LambdaFunctionConfiguration | QueueConfiguration | TopicConfiguration)[] | undefined, arnOf: (c: never) => string): void => {
    for (const config of configs ?? []) entries.push(entry(kind, config, arnOf(config as never), newId))
  }
  add('lambda', input.lambdaFunctionConfigurations, (c: LambdaFunctionConfiguration) => c.lambdaFunctionArn)
  add('queue', input.queueConfigurations, (c: QueueConfiguration) => c.queueArn)
  add('topic', input.topicConfigurations, (c: TopicConfiguration) => c.topicArn)

  const ids = new Set<string>()
  for (const e of entries) {
    if (ids.has(e.id)) throw s3Errors.invalidArgument('Same ID used for multiple configurations. IDs must be unique', 'Id', e.id)
    ids.add(e.id)
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i] as StoredNotification
      const b = entries[j] as StoredNotification
      const event = overlappingEvent(a.events, b.events)
      if (event !== undefined && prefixesOverlap(a.prefix, b.prefix) && suffixesOverlap(a.suffix, b.suffix)) {
        throw s3Errors.invalidArgument(
          'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
          'Event',
          event,
        )
      }
    }
  }
  if (check !== undefined) {
    // S3 names every destination it could not validate, numbered, in one error.
    const problems: Array<[string, string]> = []
    for (const e of entries) {
      const problem = fifoProblem(e.kind, e.destination) ?? check(e.kind, e.destination, bucket)
      if (problem !== undefined) problems.push([e.destination, problem])
    }
    if (problems.length > 0) {
      const fields: Record<string, string> = {}
      problems.forEach(([arn, problem], index) => {
        fields[`ArgumentName${index + 1}`] = arn
        fields[`ArgumentValue${index + 1}`] = problem
      })
      throw new S3Error('InvalidArgument', 'Unable to validate the following destination configurations', fields)
    }
  }
  return { entries, eventBridge: input.eventBridgeConfiguration !== undefined }
}

/** [SIM] text: S3 sends to standard queues and topics only (its documentation says so; its refusal's words are not given). */
function fifoProblem(kind: DestinationKind, arn: string): string | undefined {
  if (kind === 'lambda' || !arn.endsWith('.fifo')) return undefined
  return kind === 'queue' ? 'FIFO SQS queues are not supported as event notification destinations' : 'FIFO SNS topics are not supported as event notification destinations'
}

function entry(kind: DestinationKind, config: LambdaFunctionConfiguration | QueueConfiguration | TopicConfiguration, destination: string, newId: () => string): StoredNotification {
  const events = config.events ?? []
  if (typeof destination !== 'string' || !destination.startsWith('arn:')) {
    throw s3Errors.invalidArgument('The ARN is not well formed', kind === 'lambda' ? 'CloudFunction' : kind === 'queue' ? 'Queue' : 'Topic', String(destination))
  }
  if (events.length === 0) throw s3Errors.malformedXml()
  for (const event of events) {
    if (!EVENT_TYPES.has(event)) throw s3Errors.invalidArgument('The event is not supported for notifications', 'Event', event)
  }
  const { prefix, suffix, rules } = filterOf(config.filter)
  const id = config.id !== undefined && config.id !== '' ? config.id : newId()
  return { kind, id, destination, events: [...events], prefix, suffix, filterRules: rules }
}

function filterOf(filter: S3NotificationFilter | undefined): { prefix: string | undefined; suffix: string | undefined; rules: Array<{ name: string; value: string }> } {
  let prefix: string | undefined
  let suffix: string | undefined
  const rules: Array<{ name: string; value: string }> = []
  for (const rule of filter?.key?.filterRules ?? []) {
    const name = String(rule.name ?? '').toLowerCase()
    if (name !== 'prefix' && name !== 'suffix') throw s3Errors.invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', String(rule.name))
    if ((name === 'prefix' ? prefix : suffix) !== undefined) {
      throw s3Errors.invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, 'FilterRule.Name', String(rule.name))
    }
    const value = String(rule.value ?? '')
    if (Buffer.byteLength(value, 'utf8') > 1024) throw s3Errors.invalidArgument('filter rule value is too long', 'FilterRule.Value', value)
    if (name === 'prefix') prefix = value
    else suffix = value
    rules.push({ name: name === 'prefix' ? 'Prefix' : 'Suffix', value })
  }
  return { prefix, suffix, rules }
}

/** `s3:ObjectCreated:*` covers every `s3:ObjectCreated:…`; the first event two lists share, if any. */
function overlappingEvent(a: readonly string[], b: readonly string[]): string | undefined {
  for (const x of a) for (const y of b) if (eventCovers(x, y) || eventCovers(y, x)) return x
  return undefined
}

function eventCovers(pattern: string, event: string): boolean {
  return pattern === event || (pattern.endsWith(':*') && event.startsWith(pattern.slice(0, -1)))
}

function prefixesOverlap(a: string | undefined, b: string | undefined): boolean {
  const x = a ?? ''
  const y = b ?? ''
  return x.startsWith(y) || y.startsWith(x)
}

function suffixesOverlap(a: string | undefined, b: string | undefined): boolean {
  const x = a ?? ''
  const y = b ?? ''
  return x.endsWith(y) || y.endsWith(x)
}

/**
 * Whether a configuration wants an event (`ObjectCreated:Put`) for a key. S3 matches the filter
 * rules against the key as the record carries it, URL-encoded: a prefix `my photos/` never
 * matches, `my+photos/` does (and `%3A` for a colon), as S3's user guide tells users to write them.
 */
export function notificationMatches(entry: StoredNotification, eventName: string, key: string): boolean {
  const event = `s3:${eventName}`
  if (!entry.events.some((pattern) => eventCovers(pattern, event))) return false
  const encoded = s3EventKey(key)
  if (entry.prefix !== undefined && !encoded.startsWith(entry.prefix)) return false
  if (entry.suffix !== undefined && !encoded.endsWith(entry.suffix)) return false
  return true
}

/** The configuration as GetBucketNotificationConfiguration answers it. */
export function describeNotificationConfiguration(stored: StoredNotificationConfiguration): NotificationConfiguration {
  const base = (e: StoredNotification) => ({
    id: e.id,
    events: [...e.events],
    ...(e.filterRules.length > 0 ? { filter: { key: { filterRules: e.filterRules.map((r) => ({ ...r })) } } } : {}),
  })
  const of = (kind: DestinationKind) => stored.entries.filter((e) => e.kind === kind)
  const lambda = of('lambda').map((e) => ({ ...base(e), lambdaFunctionArn: e.destination }))
  const queue = of('queue').map((e) => ({ ...base(e), queueArn: e.destination }))
  const topic = of('topic').map((e) => ({ ...base(e), topicArn: e.destination }))
  return {
    ...(topic.length > 0 ? { topicConfigurations: topic } : {}),
    ...(queue.length > 0 ? { queueConfigurations: queue } : {}),
    ...(lambda.length > 0 ? { lambdaFunctionConfigurations: lambda } : {}),
    ...(stored.eventBridge ? { eventBridgeConfiguration: {} } : {}),
  }
}
