/**
 * A queue's configuration: AWS's defaults, the attributes `CreateQueue` and `SetQueueAttributes`
 * accept (with their ranges and messages), and the redrive policy to a dead-letter queue. The
 * service (service.ts) keeps the queues and their messages.
 */
import { SqsError, sqsErrors } from './errors.js'

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string
  readonly maxReceiveCount: number
}

export interface QueueConfig {
  visibilityTimeoutS: number
  retentionS: number
  delayS: number
  waitS: number
  maximumMessageSize: number
  redrive: RedrivePolicy | undefined
  contentBasedDeduplication: boolean
  deduplicationScope: 'queue' | 'messageGroup'
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId'
  sqsManagedSse: boolean
  policy: string | undefined
  redriveAllowPolicy: string | undefined
}

/** The longest visibility timeout, in seconds (12 hours). */
export const VISIBILITY_MAX_S = 43_200

/** Finds a queue by ARN (for a redrive policy's dead-letter target). */
type QueueLookup = (arn: string) => { readonly name: string; readonly fifo: boolean } | undefined

/** A new queue's settings before its attributes apply (AWS's defaults). */
export function defaultQueueConfig(): QueueConfig {
  return {
    visibilityTimeoutS: 30,
    retentionS: 345_600,
    delayS: 0,
    waitS: 0,
    maximumMessageSize: 1_048_576,
    redrive: undefined,
    contentBasedDeduplication: false,
    deduplicationScope: 'queue',
    fifoThroughputLimit: 'perQueue',
    sqsManagedSse: true,
    policy: undefined,
    redriveAllowPolicy: undefined,
  }
}

/** Applies `CreateQueue` / `SetQueueAttributes` attributes to `config`, with AWS's checks and messages. */
export function applyQueueAttributes(
  config: QueueConfig,
  fifo: boolean,
  queueName: string,
  attributes: Readonly<Record<string, string>>,
  mode: 'create' | 'set',
  queueByArn: QueueLookup,
): void {
  const integer = (name: string, value: string, min: number, max: number): number => {
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN
    if (!(parsed >= min && parsed <= max)) throw sqsErrors.invalidAttributeValue(name)
    return parsed
  }
  const bool = (name: string, value: string): boolean => {
    if (value !== 'true' && value !== 'false') throw sqsErrors.invalidAttributeValue(name)
    return value === 'true'
  }
  for (const [name, value] of Object.entries(attributes)) {
    switch (name) {
      case 'VisibilityTimeout':
        config.visibilityTimeoutS = integer(name, value, 0, VISIBILITY_MAX_S)
        break
      case 'MessageRetentionPeriod':
        config.retentionS = integer(name, value, 60, 1_209_600)
        break
      case 'DelaySeconds':
        config.delayS = integer(name, value, 0, 900)
        break
      case 'ReceiveMessageWaitTimeSeconds':
        config.waitS = integer(name, value, 0, 20)
        break
      case 'MaximumMessageSize':
        config.maximumMessageSize = integer(name, value, 1024, 1_048_576)
        break
      case 'RedrivePolicy':
        config.redrive = value === '' ? undefined : parseRedrive(value, fifo, queueName, queueByArn)
        break
      case 'RedriveAllowPolicy':
        if (value !== '') {
          try {
            JSON.parse(value)
          } catch {
            throw sqsErrors.invalidAttributeValue(name)
          }
        }
        config.redriveAllowPolicy = value === '' ? undefined : value
        break
      case 'Policy':
        config.policy = value === '' ? undefined : value
        break
      case 'SqsManagedSseEnabled':
        config.sqsManagedSse = bool(name, value)
        break
      case 'KmsMasterKeyId':
      case 'KmsDataKeyReusePeriodSeconds':
        break
      case 'FifoQueue':
        if (mode === 'set') throw sqsErrors.invalidAttributeValue(name)
        break
      case 'ContentBasedDeduplication':
        if (!fifo) throw sqsErrors.unknownAttribute(name)
        config.contentBasedDeduplication = bool(name, value)
        break
      case 'DeduplicationScope':
        if (!fifo) throw sqsErrors.unknownAttribute(name)
        if (value !== 'queue' && value !== 'messageGroup') throw sqsErrors.invalidAttributeValue(name)
        config.deduplicationScope = value
        break
      case 'FifoThroughputLimit':
        if (!fifo) throw sqsErrors.unknownAttribute(name)
        if (value !== 'perQueue' && value !== 'perMessageGroupId') throw sqsErrors.invalidAttributeValue(name)
        config.fifoThroughputLimit = value
        break
      default:
        throw sqsErrors.unknownAttribute(name)
    }
  }
}

function parseRedrive(value: string, fifo: boolean, queueName: string, queueByArn: QueueLookup): RedrivePolicy {
  const invalid = (reason: string): SqsError => sqsErrors.invalidValue('RedrivePolicy', value, reason)
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw invalid('Invalid value for the parameter RedrivePolicy.')
  }
  const record = (parsed ?? {}) as Record<string, unknown>
  const target = record['deadLetterTargetArn']
  const rawCount = record['maxReceiveCount']
  if (typeof target !== 'string') throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.')
  if (rawCount === undefined) throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.')
  const count = typeof rawCount === 'number' ? rawCount : typeof rawCount === 'string' && /^\d+$/.test(rawCount) ? Number(rawCount) : Number.NaN
  if (!(Number.isInteger(count) && count >= 1 && count <= 1000)) throw invalid('Invalid value for maxReceiveCount: must be an integer from 1 to 1000.')
  const dlq = queueByArn(target)
  if (dlq === undefined) throw invalid('Dead letter target does not exist.')
  if (dlq.name === queueName) throw invalid('Dead letter target cannot be the queue itself.')
  if (dlq.fifo !== fifo) throw invalid(fifo ? 'Dead-letter queue of a FIFO queue must also be a FIFO queue.' : 'Dead-letter queue of a standard queue must also be a standard queue.')
  return { deadLetterTargetArn: target, maxReceiveCount: count }
}

/** The value `getQueueAttributes` would show for an attribute given to `createQueue`. */
export function normalizedQueueAttribute(name: string, value: string): string {
  if (name === 'RedrivePolicy' && value !== '') {
    try {
      const parsed = JSON.parse(value) as { deadLetterTargetArn: string; maxReceiveCount: number | string }
      return JSON.stringify({ deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: Number(parsed.maxReceiveCount) })
    } catch {
      return value
    }
  }
  return value
}
