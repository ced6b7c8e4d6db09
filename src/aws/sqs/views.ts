/**
 * What a caller sees of a queue and its messages: the queue's attributes as `GetQueueAttributes`
 * answers them (counts by visibility, the configuration as strings), a received message with the
 * system and message attributes it asked for, and a message as `peekMessages` shows it. Read-only:
 * nothing here changes the queue (`queue-state.ts`).
 */
import type { PeekedMessage, SqsMessage, SqsMessageAttributeValue } from './api.js'
import { md5OfBody, type Queue, type StoredMessage } from './queue-state.js'
import { matchesAttribute, md5Attributes } from './requests.js'

/** Attribute names that are valid but only shown when set (or on FIFO queues). */
export const OPTIONAL_QUEUE_ATTRIBUTES = new Set([
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
])

/** The system attribute names a receive may ask for (besides `All`). */
export const SYSTEM_ATTRIBUTES = new Set([
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
])

/** Every attribute, for pollers (`receiveAll`). */
export const ALL: readonly string[] = ['All']
const wantAll = (): boolean => true

export function attributesOf(queue: Queue, now: number): Record<string, string> {
  const retentionMs = queue.config.retentionS * 1000
  let visible = 0
  let inFlight = 0
  let delayed = 0
  for (const message of queue.messages.values()) {
    if (now >= message.enqueuedMs + retentionMs) continue
    if (message.visibleAtMs <= now) visible++
    else if (message.receiveCount > 0) inFlight++
    else delayed++
  }
  const config = queue.config
  const attributes: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(inFlight),
    ApproximateNumberOfMessagesDelayed: String(delayed),
    CreatedTimestamp: String(Math.floor(queue.createdMs / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedMs / 1000)),
    VisibilityTimeout: String(config.visibilityTimeoutS),
    MaximumMessageSize: String(config.maximumMessageSize),
    MessageRetentionPeriod: String(config.retentionS),
    DelaySeconds: String(config.delayS),
    ReceiveMessageWaitTimeSeconds: String(config.waitS),
    SqsManagedSseEnabled: String(config.sqsManagedSse),
  }
  if (config.redrive !== undefined) attributes['RedrivePolicy'] = JSON.stringify(config.redrive)
  if (config.redriveAllowPolicy !== undefined) attributes['RedriveAllowPolicy'] = config.redriveAllowPolicy
  if (config.policy !== undefined) attributes['Policy'] = config.policy
  if (queue.fifo) {
    attributes['FifoQueue'] = 'true'
    attributes['ContentBasedDeduplication'] = String(config.contentBasedDeduplication)
    attributes['DeduplicationScope'] = config.deduplicationScope
    attributes['FifoThroughputLimit'] = config.fifoThroughputLimit
  }
  return attributes
}

export function renderMessage(message: StoredMessage, accountId: string, systemNames: readonly string[], attributeNames: readonly string[]): SqsMessage {
  const handle = message.receiptHandle as string
  const all = systemNames.includes('All')
  const attributes: Record<string, string> = {}
  const want = all ? wantAll : (name: string): boolean => systemNames.includes(name)
  if (want('SenderId')) attributes['SenderId'] = accountId
  if (want('SentTimestamp')) attributes['SentTimestamp'] = String(message.sentMs)
  if (want('ApproximateReceiveCount')) attributes['ApproximateReceiveCount'] = String(message.receiveCount)
  if (want('ApproximateFirstReceiveTimestamp')) attributes['ApproximateFirstReceiveTimestamp'] = String(message.firstReceiveMs)
  if (want('AWSTraceHeader') && message.awsTraceHeader !== undefined) attributes['AWSTraceHeader'] = message.awsTraceHeader
  if (want('SequenceNumber') && message.sequenceNumber !== undefined) attributes['SequenceNumber'] = message.sequenceNumber
  if (want('MessageDeduplicationId') && message.messageDeduplicationId !== undefined) attributes['MessageDeduplicationId'] = message.messageDeduplicationId
  if (want('MessageGroupId') && message.messageGroupId !== undefined) attributes['MessageGroupId'] = message.messageGroupId
  if (want('DeadLetterQueueSourceArn') && message.deadLetterQueueSourceArn !== undefined) attributes['DeadLetterQueueSourceArn'] = message.deadLetterQueueSourceArn
  const selected: Record<string, SqsMessageAttributeValue> = {}
  let hasSelected = false
  for (const name in message.messageAttributes) {
    if (attributeNames.some((pattern) => matchesAttribute(pattern, name))) {
      selected[name] = message.messageAttributes[name] as SqsMessageAttributeValue
      hasSelected = true
    }
  }
  return {
    messageId: message.messageId,
    receiptHandle: handle,
    body: message.body,
    md5OfBody: md5OfBody(message),
    attributes,
    ...(hasSelected ? { messageAttributes: selected, ...md5Attributes(selected) } : {}),
  }
}

/** A live message as `peekMessages` shows it, visible or not; changes nothing. */
export function peekedMessage(message: StoredMessage, now: number): PeekedMessage {
  return {
    messageId: message.messageId,
    body: message.body,
    state: message.visibleAtMs <= now ? 'visible' : message.receiveCount > 0 ? 'inFlight' : 'delayed',
    receiveCount: message.receiveCount,
    visibleAtMs: message.visibleAtMs,
    sentTimestamp: message.sentMs,
    messageAttributes: message.messageAttributes,
    ...(message.messageGroupId !== undefined ? { messageGroupId: message.messageGroupId } : {}),
    ...(message.messageDeduplicationId !== undefined ? { messageDeduplicationId: message.messageDeduplicationId } : {}),
    ...(message.sequenceNumber !== undefined ? { sequenceNumber: message.sequenceNumber } : {}),
    ...(message.deadLetterQueueSourceArn !== undefined ? { deadLetterQueueSourceArn: message.deadLetterQueueSourceArn } : {}),
  }
}
