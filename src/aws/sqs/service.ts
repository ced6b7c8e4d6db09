/**
 * An in-memory Amazon SQS on the virtual clock: standard and FIFO queues, visibility timeouts,
 * delays, retention, redrive to a dead-letter queue, FIFO message groups, deduplication and
 * sequence numbers. It is also a `DeliveryTarget`, so Lambda destinations and DLQs can send to it.
 *
 * Time is lazy: a message stores the instant it becomes visible (`visibleAtMs`) and the instant it
 * was enqueued; every call compares them with `kernel.nowMs`. Nothing is scheduled on the kernel, so
 * a queue never keeps a run alive and the outcome depends only on the calls and the virtual clock.
 *
 * [SIM] choices (each one deterministic on purpose):
 * - `receiveMessage` answers at once: `waitTimeSeconds` / `ReceiveMessageWaitTimeSeconds` are
 *   validated and stored but never wait (no long polling). A poller decides when to call again;
 *   `nextVisibleAtMs` tells it when something changes.
 * - Standard queues return messages in send order and every available message is seen by a receive
 *   (real SQS samples servers, may return fewer, may reorder and may deliver twice).
 * - `SenderId` is the account id.
 * - A message moved to a dead-letter queue keeps its id, body, attributes and `SentTimestamp`, gets
 *   `DeadLetterQueueSourceArn`, and starts over with receive count 0. For a standard DLQ retention
 *   still counts from the original enqueue time; for a FIFO DLQ it restarts (as AWS documents).
 *   When the dead-letter queue no longer exists the message stays where it is and is delivered.
 * - Standard queues accept `messageGroupId` (AWS fair queues) and return it as `MessageGroupId`.
 * - `RedriveAllowPolicy` and `Policy` are stored and returned, not enforced.
 * - A stale receipt handle (the message was received again since) deletes nothing and succeeds on a
 *   standard queue, as AWS documents; on a FIFO queue it fails with "The receipt handle has expired".
 * - AWS refuses FIFO queues as Lambda async-invocation destinations and DLQs; `deliver` accepts them
 *   when the message carries a group id (for SNS/EventBridge-style fan-out) and fails otherwise.
 *
 * Indexes (so that a receive or `nextVisibleAtMs` never scans the queue): each queue keeps its
 * messages in send order (`messages`), plus two min-queues (`message-heap.ts`: a list for what
 * arrives in order, a heap for the rest) — `visible`, by send order, and `hidden`, by the instant a
 * message becomes visible (delayed or in flight). A receive first moves what became visible from
 * `hidden` to `visible`, then takes from the front of `visible`. On a FIFO queue `visible`
 * holds only the visible head of each message group (the group's oldest message); a group's
 * messages sit in send order in its `group` list, and a receive reads a group's run from its head up
 * to the first message not visible. Retention is checked against a lower bound of the queue's oldest
 * enqueue instant, so the sweep scans only when something may have expired.
 */
import type { BatchResultErrorEntry, PeekedMessage, ReceiveMessageInput, ReceiveMessageOutput, SendMessageBatchEntry, SendMessageBatchOutput, SendMessageInput, SendMessageOutput, SqsApi, SqsMessage, SqsMessageAttributes, SqsMessageAttributeValue, CreateQueueInput } from './api.js'
import { awsParser } from '../../config/aws-validation.js'
import { SqsError, sqsErrors, sqsValidationError } from './errors.js'
import { createHash } from 'node:crypto'
import { checkBatch, checkFifoToken, checkPaging, fromOutboundAttributes, matchesAttribute, md5, md5Attributes, messageSize, pageOf, runBatch, validateMessageAttributes } from './requests.js'
import { schemas } from './schemas.js'
import { applyQueueAttributes, defaultQueueConfig, normalizedQueueAttribute, VISIBILITY_MAX_S, type QueueConfig } from './queue-config.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryTarget, OutboundMessage } from '../../lambda/invoke/delivery.js'
import { MonotoneQueue } from './message-heap.js'
import { handleKey, ReceiptHandles } from './receipt-handles.js'
import { NO_OUTGOING_TRACE, type OutgoingTrace } from '../../observability/tracer.js'

// ------------------------------------------------------------------------------------ constants

const DEDUP_WINDOW_MS = 5 * 60_000
const PURGE_INTERVAL_MS = 60_000
const DELETED_NAME_HOLD_MS = 60_000
const TAGS_MAX = 50
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/
/** The characters SQS allows in a body: #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. */
const INVALID_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

// ------------------------------------------------------------------------------------ public types

export interface SqsScope {
  readonly region: string
  readonly accountId: string
}

/** Shape errors in AWS's words: a missing member is `MissingParameter`, anything else `InvalidParameterValue`. */
const parse = awsParser(sqsValidationError)

// ------------------------------------------------------------------------------------ state

interface StoredMessage {
  readonly messageId: string
  readonly body: string
  readonly md5OfBody: string
  readonly messageAttributes: SqsMessageAttributes
  readonly md5OfMessageAttributes: string | undefined
  readonly sentMs: number
  /** Retention counts from here. */
  readonly enqueuedMs: number
  readonly messageGroupId: string | undefined
  readonly messageDeduplicationId: string | undefined
  readonly sequenceNumber: string | undefined
  readonly deadLetterQueueSourceArn: string | undefined
  /** The X-Ray header it was sent with (`AWSTraceHeader`). */
  readonly awsTraceHeader: string | undefined
  visibleAtMs: number
  receiveCount: number
  firstReceiveMs: number | undefined
  /** When the current receive happened (the 12-hour visibility cap counts from it). */
  receivedAtMs: number
  /** The latest receipt handle; older ones are stale. */
  receiptHandle: string | undefined
  alive: boolean
  /** Send order within the queue (the key of the `visible` queue). */
  readonly order: number
  /** Slot in the `visible` or `hidden` queue (-1: in neither). */
  heapIndex: number
  /** Its slot's ticket when `visible` or `hidden` holds it in their list. */
  ticket: number
  /** Which queue holds it: none (a FIFO message behind its group's head, or removed), visible or hidden. */
  place: Place
}

const enum Place {
  None = 0,
  Visible = 1,
  Hidden = 2,
}

/** A FIFO message group: its messages in send order, dead ones skipped from `head`. */
interface Group {
  items: StoredMessage[]
  head: number
}

interface Queue {
  readonly name: string
  readonly url: string
  readonly arn: string
  readonly fifo: boolean
  readonly config: QueueConfig
  readonly createdMs: number
  lastModifiedMs: number
  /** Live messages by send order (insertion order is send order; an integer key hashes cheaper than the id). */
  readonly messages: Map<number, StoredMessage>
  /** The key of this queue's receipt handles (`receipt-handles.ts`: a handle names its message's send order). */
  readonly handleKey: number
  readonly dedup: Map<string, { expiresAtMs: number; messageId: string; sequenceNumber: string | undefined }>
  nextSequence: bigint
  lastPurgeMs: number | undefined
  readonly tags: Record<string, string>
  nextOrder: number
  /** Visible messages by send order (FIFO: each group's head, when visible). */
  readonly visible: MonotoneQueue<StoredMessage>
  /** Delayed and in-flight messages by the instant they become visible. */
  readonly hidden: MonotoneQueue<StoredMessage>
  /** FIFO: the message groups with live messages. */
  readonly groups: Map<string, Group>
  /** No live message was enqueued before this instant (retention sweeps skip until it expires). */
  oldestEnqueuedMs: number
}

const sendOrder = (message: StoredMessage): number => message.order
const visibleAt = (message: StoredMessage): number => message.visibleAtMs

const SEQUENCE_BASE = 10_000_000_000_000_000_000n

type MessageFields = Pick<
  StoredMessage,
  | 'messageId'
  | 'body'
  | 'messageAttributes'
  | 'sentMs'
  | 'enqueuedMs'
  | 'visibleAtMs'
  | 'messageGroupId'
  | 'messageDeduplicationId'
  | 'sequenceNumber'
  | 'deadLetterQueueSourceArn'
  | 'awsTraceHeader'
>

/**
 * A stored message. Every field is written here, in one order, with the representation it keeps
 * (`receivedAtMs` starts as a double, NaN, not the small integer 0): one object shape for every
 * message, which V8 never has to migrate when a message is first received.
 */
function storedMessage(fields: MessageFields, order: number): StoredMessage {
  return {
    messageId: fields.messageId,
    body: fields.body,
    messageAttributes: fields.messageAttributes,
    sentMs: fields.sentMs,
    enqueuedMs: fields.enqueuedMs,
    visibleAtMs: fields.visibleAtMs,
    messageGroupId: fields.messageGroupId,
    messageDeduplicationId: fields.messageDeduplicationId,
    sequenceNumber: fields.sequenceNumber,
    deadLetterQueueSourceArn: fields.deadLetterQueueSourceArn,
    awsTraceHeader: fields.awsTraceHeader,
    md5OfBody: md5(fields.body),
    md5OfMessageAttributes: md5Attributes(fields.messageAttributes).md5OfMessageAttributes,
    receiveCount: 0,
    firstReceiveMs: undefined,
    receivedAtMs: Number.NaN,
    receiptHandle: undefined,
    alive: true,
    order,
    heapIndex: -1,
    ticket: 0,
    place: Place.None,
  }
}

/**
 * [SIM] A message attribute named `__proto__` (a valid name on SQS) is refused as an invalid name:
 * parsed onto plain objects it would set their prototype and vanish silently.
 */
function refuseProtoAttribute(entry: unknown): void {
  const attributes = (entry as { messageAttributes?: unknown } | null | undefined)?.messageAttributes
  if (typeof attributes === 'object' && attributes !== null && Object.hasOwn(attributes, '__proto__')) {
    throw new SqsError('InvalidParameterValue', `Message attribute name '__proto__' is invalid.`)
  }
}

const ALL: readonly string[] = ['All']
const wantAll = (): boolean => true

// ------------------------------------------------------------------------------------ the service

export class SqsService implements SqsApi, DeliveryTarget {
  private readonly queues = new Map<string, Queue>()
  private readonly deletedAtMs = new Map<string, number>()
  private readonly receiptHandles: ReceiptHandles
  private queuesCreated = 0

  constructor(
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    private readonly scope: SqsScope,
    /**
     * Told when a message of a queue becomes, or will become, visible at `atMs` (sent, moved to a
     * dead-letter queue, or its visibility changed): the event source mappings' pollers wake on it.
     */
    private readonly messageVisible: (queueArn: string, atMs: number) => void = () => undefined,
    /** The trace header of a handler's request being answered (stored as `AWSTraceHeader`). */
    private readonly trace: OutgoingTrace = NO_OUTGOING_TRACE,
  ) {
    this.receiptHandles = new ReceiptHandles(ids)
  }

  // ---------------------------------------------------------------- naming

  queueArn(name: string): string {
    return `arn:aws:sqs:${this.scope.region}:${this.scope.accountId}:${name}`
  }

  queueUrl(name: string): string {
    return `https://sqs.${this.scope.region}.amazonaws.com/${this.scope.accountId}/${name}`
  }

  // ---------------------------------------------------------------- queues

  createQueue(input: CreateQueueInput): { queueUrl: string } {
    const { queueName, attributes = {}, tags } = parse(schemas.createQueue, input)
    const fifo = attributes['FifoQueue'] === 'true'
    if (attributes['FifoQueue'] !== undefined && attributes['FifoQueue'] !== 'true' && attributes['FifoQueue'] !== 'false') {
      throw sqsErrors.invalidAttributeValue('FifoQueue')
    }
    if (fifo ? !FIFO_QUEUE_NAME.test(queueName) : !QUEUE_NAME.test(queueName)) {
      throw new SqsError(
        'InvalidParameterValue',
        fifo || queueName.endsWith('.fifo')
          ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
          : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      )
    }
    const existing = this.queues.get(queueName)
    const config = defaultQueueConfig()
    applyQueueAttributes(config, fifo, queueName, attributes, 'create', (arn) => this.queueByArn(arn))
    if (existing !== undefined) {
      // Idempotent when every attribute given matches the queue's current value.
      const current = this.attributesOf(existing)
      for (const [name, value] of Object.entries(attributes)) {
        if (name === 'FifoQueue' && !existing.fifo && value === 'false') continue
        const normalized = normalizedQueueAttribute(name, value)
        if (current[name] !== normalized) {
          throw new SqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${name}`)
        }
      }
      return { queueUrl: existing.url }
    }
    const deletedAt = this.deletedAtMs.get(queueName)
    if (deletedAt !== undefined && this.kernel.nowMs < deletedAt + DELETED_NAME_HOLD_MS) {
      throw new SqsError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.')
    }
    const now = this.kernel.nowMs
    const queue: Queue = {
      name: queueName,
      url: this.queueUrl(queueName),
      arn: this.queueArn(queueName),
      fifo,
      config,
      createdMs: now,
      lastModifiedMs: now,
      messages: new Map(),
      handleKey: handleKey(this.queueArn(queueName), ++this.queuesCreated),
      dedup: new Map(),
      nextSequence: 0n,
      lastPurgeMs: undefined,
      tags: { ...tags },
      nextOrder: 0,
      visible: new MonotoneQueue(sendOrder),
      hidden: new MonotoneQueue(visibleAt),
      groups: new Map(),
      oldestEnqueuedMs: Infinity,
    }
    this.queues.set(queueName, queue)
    return { queueUrl: queue.url }
  }

  getQueueUrl(input: { queueName: string; queueOwnerAWSAccountId?: string }): { queueUrl: string } {
    const { queueName, queueOwnerAWSAccountId } = parse(schemas.getQueueUrl, input)
    if (queueOwnerAWSAccountId !== undefined && queueOwnerAWSAccountId !== this.scope.accountId) throw sqsErrors.queueDoesNotExist()
    const queue = this.queues.get(queueName)
    if (queue === undefined) throw sqsErrors.queueDoesNotExist()
    return { queueUrl: queue.url }
  }

  /** Queue URLs in creation order; `nextToken` needs `maxResults` (1–1,000), as in AWS. */
  listQueues(input: { queueNamePrefix?: string; maxResults?: number; nextToken?: string } = {}): { queueUrls: string[]; nextToken?: string } {
    const { queueNamePrefix = '', maxResults, nextToken } = parse(schemas.listQueues, input)
    checkPaging(maxResults, nextToken)
    const urls = [...this.queues.values()].filter((q) => q.name.startsWith(queueNamePrefix)).map((q) => q.url)
    return pageOf(urls, maxResults, nextToken)
  }

  /**
   * The queues whose `RedrivePolicy` names this queue as their dead-letter queue, in creation order.
   * Paging as in `listQueues`.
   */
  listDeadLetterSourceQueues(input: { queueUrl: string; maxResults?: number; nextToken?: string }): { queueUrls: string[]; nextToken?: string } {
    const { queueUrl, maxResults, nextToken } = parse(schemas.listDeadLetterSourceQueues, input)
    const target = this.resolveUrl(queueUrl)
    checkPaging(maxResults, nextToken)
    const urls = [...this.queues.values()].filter((q) => q.config.redrive?.deadLetterTargetArn === target.arn).map((q) => q.url)
    return pageOf(urls, maxResults, nextToken)
  }

  // ---------------------------------------------------------------- tags

  /** The queue's cost-allocation tags (given at creation or by `tagQueue`). */
  listQueueTags(input: { queueUrl: string }): { tags: Record<string, string> } {
    const queue = this.resolveUrl(parse(schemas.queueUrl, input).queueUrl)
    return { tags: { ...queue.tags } }
  }

  /** Adds or overwrites tags; at most 50 per queue. */
  tagQueue(input: { queueUrl: string; tags: Readonly<Record<string, string>> }): void {
    const { queueUrl, tags } = parse(schemas.tagQueue, input)
    const queue = this.resolveUrl(queueUrl)
    if (Object.keys(tags).length === 0) throw sqsErrors.missing('Tags')
    const next = { ...queue.tags, ...tags }
    if (Object.keys(next).length > TAGS_MAX) throw new SqsError('InvalidParameterValue', `Too many tags added for queue ${queue.name}.`)
    Object.assign(queue.tags, tags)
  }

  untagQueue(input: { queueUrl: string; tagKeys: readonly string[] }): void {
    const { queueUrl, tagKeys } = parse(schemas.untagQueue, input)
    const queue = this.resolveUrl(queueUrl)
    if (tagKeys.length === 0) throw sqsErrors.missing('TagKeys')
    for (const key of tagKeys) delete queue.tags[key]
  }

  deleteQueue(input: { queueUrl: string }): void {
    const queue = this.resolveUrl(parse(schemas.queueUrl, input).queueUrl)
    this.dropAll(queue)
    this.queues.delete(queue.name)
    this.deletedAtMs.set(queue.name, this.kernel.nowMs)
  }

  /** Attribute values are strings, as AWS sends them; none unless asked for (`All` for every one). */
  getQueueAttributes(input: { queueUrl: string; attributeNames?: readonly string[] }): { attributes: Record<string, string> } {
    const { queueUrl, attributeNames = [] } = parse(schemas.getQueueAttributes, input)
    const queue = this.resolveUrl(queueUrl)
    this.sweep(queue)
    const all = this.attributesOf(queue)
    if (attributeNames.includes('All')) return { attributes: all }
    const attributes: Record<string, string> = {}
    for (const name of attributeNames) {
      if (!(name in all) && !OPTIONAL_QUEUE_ATTRIBUTES.has(name)) throw sqsErrors.unknownAttribute(name)
      const value = all[name]
      if (value !== undefined) attributes[name] = value
    }
    return { attributes }
  }

  setQueueAttributes(input: { queueUrl: string; attributes: Readonly<Record<string, string>> }): void {
    const { queueUrl, attributes } = parse(schemas.setQueueAttributes, input)
    const queue = this.resolveUrl(queueUrl)
    // Validate on a copy: a bad attribute changes nothing.
    const next = { ...queue.config }
    applyQueueAttributes(next, queue.fifo, queue.name, attributes, 'set', (arn) => this.queueByArn(arn))
    Object.assign(queue.config, next)
    queue.lastModifiedMs = this.kernel.nowMs
  }

  /** Deletes every message (in flight too). One purge per queue per 60 s. */
  purgeQueue(input: { queueUrl: string }): void {
    const queue = this.resolveUrl(parse(schemas.queueUrl, input).queueUrl)
    const now = this.kernel.nowMs
    if (queue.lastPurgeMs !== undefined && now < queue.lastPurgeMs + PURGE_INTERVAL_MS) {
      throw new SqsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`)
    }
    queue.lastPurgeMs = now
    this.dropAll(queue)
  }

  // ---------------------------------------------------------------- sending

  sendMessage(input: SendMessageInput): SendMessageOutput {
    refuseProtoAttribute(input)
    const { queueUrl, ...entry } = parse(schemas.sendMessage, input)
    return this.send(this.resolveUrl(queueUrl), entry, undefined, this.trace.outgoing)
  }

  sendMessageBatch(input: { queueUrl: string; entries: readonly SendMessageBatchEntry[] }): SendMessageBatchOutput {
    for (const entry of Array.isArray(input?.entries) ? input.entries : []) refuseProtoAttribute(entry)
    const { queueUrl, entries } = parse(schemas.sendMessageBatch, input)
    const queue = this.resolveUrl(queueUrl)
    checkBatch(entries, 'SendMessageBatchRequestEntry')
    const total = entries.reduce((sum, entry) => sum + messageSize(entry.messageBody, entry.messageAttributes ?? {}), 0)
    if (total > queue.config.maximumMessageSize) {
      throw new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${queue.config.maximumMessageSize} bytes. You have sent ${total} bytes.`)
    }
    const successful: Array<SendMessageOutput & { id: string }> = []
    const failed: BatchResultErrorEntry[] = []
    for (const entry of entries) {
      const id = entry.id
      try {
        successful.push(this.send(queue, entry, id, this.trace.outgoing))
      } catch (error) {
        if (!(error instanceof SqsError)) throw error
        failed.push({ id, senderFault: true, code: error.name, message: error.message })
      }
    }
    return { successful, failed }
  }

  /**
   * Sends one message; the answer carries `batchId` first when the message came in a batch.
   * `traceHeader`: the request's X-Ray header (its `AWSTraceHeader` unless the entry sets one).
   */
  private send(queue: Queue, entry: Omit<SendMessageInput, 'queueUrl'>, batchId: string, traceHeader: string | undefined): SendMessageOutput & { id: string }
  private send(queue: Queue, entry: Omit<SendMessageInput, 'queueUrl'>, batchId: undefined, traceHeader: string | undefined): SendMessageOutput
  private send(queue: Queue, entry: Omit<SendMessageInput, 'queueUrl'>, batchId: string | undefined, traceHeader: string | undefined): SendMessageOutput {
    const now = this.kernel.nowMs
    const body = entry.messageBody
    const attributes = entry.messageAttributes ?? {}
    if (body.length === 0) throw sqsErrors.missing('MessageBody')
    const bad = INVALID_CHAR.exec(body)
    if (bad !== null) {
      const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase()
      throw new SqsError(
        'InvalidMessageContents',
        `Invalid binary character '#x${code}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
      )
    }
    validateMessageAttributes(attributes)
    const size = messageSize(body, attributes)
    if (size > queue.config.maximumMessageSize) {
      throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${queue.config.maximumMessageSize} bytes.`)
    }
    let delayS = queue.config.delayS
    if (entry.delaySeconds !== undefined) {
      if (queue.fifo) throw sqsErrors.invalidValue('DelaySeconds', entry.delaySeconds, 'The request include parameter that is not valid for this queue type.')
      if (!(Number.isInteger(entry.delaySeconds) && entry.delaySeconds >= 0 && entry.delaySeconds <= 900)) {
        throw sqsErrors.invalidValue('DelaySeconds', entry.delaySeconds, 'DelaySeconds must be >= 0 and <= 900.')
      }
      delayS = entry.delaySeconds
    }
    let dedupId: string | undefined
    let sequenceNumber: string | undefined
    if (queue.fifo) {
      if (entry.messageGroupId === undefined) throw sqsErrors.missing('MessageGroupId')
      checkFifoToken('MessageGroupId', entry.messageGroupId)
      if (entry.messageDeduplicationId !== undefined) {
        checkFifoToken('MessageDeduplicationId', entry.messageDeduplicationId)
        dedupId = entry.messageDeduplicationId
      } else if (queue.config.contentBasedDeduplication) {
        dedupId = createHash('sha256').update(body).digest('hex')
      } else {
        throw new SqsError('InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')
      }
      const key = queue.config.deduplicationScope === 'messageGroup' ? `${entry.messageGroupId}\u0000${dedupId}` : dedupId
      const seen = queue.dedup.get(key)
      if (seen !== undefined && now < seen.expiresAtMs) {
        // Accepted, not enqueued again: the answer names the first message.
        return {
          ...(batchId !== undefined ? { id: batchId } : {}),
          messageId: seen.messageId,
          md5OfMessageBody: md5(body),
          ...md5Attributes(attributes),
          ...(seen.sequenceNumber !== undefined ? { sequenceNumber: seen.sequenceNumber } : {}),
        }
      }
      sequenceNumber = this.nextSequenceNumber(queue)
    } else {
      if (entry.messageDeduplicationId !== undefined) {
        throw sqsErrors.invalidValue('MessageDeduplicationId', entry.messageDeduplicationId, 'The request include parameter that is not valid for this queue type.')
      }
      if (entry.messageGroupId !== undefined) checkFifoToken('MessageGroupId', entry.messageGroupId)
    }
    const message = this.enqueue(queue, {
      messageId: this.ids.uuid(),
      body,
      messageAttributes: attributes,
      sentMs: now,
      enqueuedMs: now,
      visibleAtMs: now + delayS * 1000,
      messageGroupId: entry.messageGroupId,
      messageDeduplicationId: dedupId,
      sequenceNumber,
      deadLetterQueueSourceArn: undefined,
      awsTraceHeader: entry.messageSystemAttributes?.AWSTraceHeader?.StringValue ?? traceHeader,
    })
    if (queue.fifo && dedupId !== undefined) {
      const key = queue.config.deduplicationScope === 'messageGroup' ? `${entry.messageGroupId}\u0000${dedupId}` : dedupId
      // Re-inserted, so the map stays in expiry order (the sweep stops at the first live entry).
      queue.dedup.delete(key)
      queue.dedup.set(key, { expiresAtMs: now + DEDUP_WINDOW_MS, messageId: message.messageId, sequenceNumber })
    }
    const answer: { id?: string; messageId: string; md5OfMessageBody: string; md5OfMessageAttributes?: string; sequenceNumber?: string } =
      batchId !== undefined ? { id: batchId, messageId: message.messageId, md5OfMessageBody: message.md5OfBody } : { messageId: message.messageId, md5OfMessageBody: message.md5OfBody }
    if (message.md5OfMessageAttributes !== undefined) answer.md5OfMessageAttributes = message.md5OfMessageAttributes
    if (sequenceNumber !== undefined) answer.sequenceNumber = sequenceNumber
    return answer
  }

  private enqueue(queue: Queue, fields: MessageFields): StoredMessage {
    const message = storedMessage(fields, queue.nextOrder++)
    queue.messages.set(message.order, message)
    if (message.enqueuedMs < queue.oldestEnqueuedMs) queue.oldestEnqueuedMs = message.enqueuedMs
    if (queue.fifo) {
      const key = message.messageGroupId as string
      let group = queue.groups.get(key)
      if (group === undefined) queue.groups.set(key, (group = { items: [], head: 0 }))
      group.items.push(message)
    }
    this.place(queue, message, this.kernel.nowMs)
    this.messageVisible(queue.arn, message.visibleAtMs)
    return message
  }

  private nextSequenceNumber(queue: Queue): string {
    const value = SEQUENCE_BASE + queue.nextSequence
    queue.nextSequence += 1n
    return value.toString()
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Returns up to `maxNumberOfMessages` visible messages at once (no long polling). A message that
   * was already received `maxReceiveCount` times moves to the dead-letter queue instead of being
   * returned. FIFO: messages of one group come in order, a group with a message in flight (or
   * delayed) yields nothing after it, and a batch is filled from as few groups as possible.
   */
  receiveMessage(input: ReceiveMessageInput): ReceiveMessageOutput {
    const request = parse(schemas.receiveMessage, input)
    const queue = this.resolveUrl(request.queueUrl)
    const max = request.maxNumberOfMessages ?? 1
    if (!(Number.isInteger(max) && max >= 1 && max <= 10)) {
      throw sqsErrors.invalidValue('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.')
    }
    const visibilityS = request.visibilityTimeout ?? queue.config.visibilityTimeoutS
    if (!(Number.isInteger(visibilityS) && visibilityS >= 0 && visibilityS <= VISIBILITY_MAX_S)) {
      throw sqsErrors.invalidValue('VisibilityTimeout', visibilityS, `Must be between 0 and ${VISIBILITY_MAX_S}, if provided.`)
    }
    if (request.waitTimeSeconds !== undefined && !(Number.isInteger(request.waitTimeSeconds) && request.waitTimeSeconds >= 0 && request.waitTimeSeconds <= 20)) {
      throw sqsErrors.invalidValue('WaitTimeSeconds', request.waitTimeSeconds, 'Must be >= 0 and <= 20, if provided.')
    }
    const systemNames = [...(request.attributeNames ?? []), ...(request.messageSystemAttributeNames ?? [])]
    for (const name of systemNames) if (name !== 'All' && !SYSTEM_ATTRIBUTES.has(name)) throw sqsErrors.unknownAttribute(name)
    this.sweep(queue)
    const attributeNames = request.messageAttributeNames ?? []
    return { messages: this.receiveFrom(queue, max, visibilityS).map((message) => this.render(message, systemNames, attributeNames)) }
  }

  /**
   * For pollers: `receiveMessage` with every system and message attribute (`All`), the queue's
   * visibility timeout unless one is given, without a request to parse.
   */
  receiveAll(queueArn: string, max: number, visibilityS?: number): SqsMessage[] {
    const queue = this.resolveAny(queueArn)
    this.sweep(queue)
    return this.receiveFrom(queue, max, visibilityS ?? queue.config.visibilityTimeoutS).map((message) => this.render(message, ALL, ALL))
  }

  /** Takes up to `max` visible messages, hides them for `visibilityS` and gives each a new receipt handle. */
  private receiveFrom(queue: Queue, max: number, visibilityS: number): StoredMessage[] {
    const now = this.kernel.nowMs
    const picked = queue.fifo ? this.pickFifo(queue, max, now) : this.pickStandard(queue, max, now)
    for (const message of picked) {
      message.receiveCount++
      message.firstReceiveMs ??= now
      message.receivedAtMs = now
      message.visibleAtMs = now + visibilityS * 1000
      this.place(queue, message, now)
      message.receiptHandle = this.receiptHandles.issue(queue.handleKey, message.order)
    }
    return picked
  }

  /** Visible messages in send order (none scanned: the front of the `visible` queue). */
  private pickStandard(queue: Queue, max: number, now: number): StoredMessage[] {
    this.promote(queue, now)
    const picked: StoredMessage[] = []
    while (picked.length < max) {
      const message = queue.visible.pop()
      if (message === undefined) break
      message.place = Place.None
      if (this.redriveIfExhausted(queue, message)) continue
      picked.push(message)
    }
    return picked
  }

  /**
   * Groups in the order of their oldest message, each group's run of visible messages from its head
   * (a group whose head is in flight or delayed yields nothing), until `max`.
   */
  private pickFifo(queue: Queue, max: number, now: number): StoredMessage[] {
    this.promote(queue, now)
    const picked: StoredMessage[] = []
    while (picked.length < max) {
      const head = queue.visible.pop()
      if (head === undefined) break
      head.place = Place.None
      const group = queue.groups.get(head.messageGroupId as string) as Group
      for (let i = group.head; i < group.items.length; i++) {
        const message = group.items[i] as StoredMessage
        if (!message.alive) continue
        if (message.visibleAtMs > now) break
        if (picked.length >= max) return picked
        // (A redrive removes the head; the next message may have become the visible head.)
        if (message.place === Place.Visible) queue.visible.remove(message)
        message.place = Place.None
        if (this.redriveIfExhausted(queue, message)) continue
        picked.push(message)
      }
    }
    return picked
  }

  /** Moves the message to the dead-letter queue when it was already received maxReceiveCount times. */
  private redriveIfExhausted(queue: Queue, message: StoredMessage): boolean {
    const redrive = queue.config.redrive
    if (redrive === undefined || message.receiveCount < redrive.maxReceiveCount) return false
    const target = this.queueByArn(redrive.deadLetterTargetArn)
    if (target === undefined) return false
    const now = this.kernel.nowMs
    this.removeMessage(queue, message)
    this.enqueue(target, {
      messageId: message.messageId,
      body: message.body,
      messageAttributes: message.messageAttributes,
      sentMs: message.sentMs,
      enqueuedMs: target.fifo ? now : message.enqueuedMs,
      visibleAtMs: now,
      messageGroupId: message.messageGroupId,
      messageDeduplicationId: message.messageDeduplicationId,
      sequenceNumber: target.fifo ? this.nextSequenceNumber(target) : undefined,
      deadLetterQueueSourceArn: queue.arn,
      awsTraceHeader: message.awsTraceHeader,
    })
    return true
  }

  private render(message: StoredMessage, systemNames: readonly string[], attributeNames: readonly string[]): SqsMessage {
    const handle = message.receiptHandle as string
    const all = systemNames.includes('All')
    const attributes: Record<string, string> = {}
    const want = all ? wantAll : (name: string): boolean => systemNames.includes(name)
    if (want('SenderId')) attributes['SenderId'] = this.scope.accountId
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
      md5OfBody: message.md5OfBody,
      attributes,
      ...(hasSelected ? { messageAttributes: selected, ...md5Attributes(selected) } : {}),
    }
  }

  // ---------------------------------------------------------------- deleting and visibility

  deleteMessage(input: { queueUrl: string; receiptHandle: string }): void {
    const { queueUrl, receiptHandle } = parse(schemas.deleteMessage, input)
    this.deleteByHandle(this.resolveUrl(queueUrl), receiptHandle)
  }

  deleteMessageBatch(input: { queueUrl: string; entries: ReadonlyArray<{ id: string; receiptHandle: string }> }): {
    successful: Array<{ id: string }>
    failed: BatchResultErrorEntry[]
  } {
    const { queueUrl, entries } = parse(schemas.deleteMessageBatch, input)
    const queue = this.resolveUrl(queueUrl)
    checkBatch(entries, 'DeleteMessageBatchRequestEntry')
    return runBatch(entries, (entry) => this.deleteByHandle(queue, entry.receiptHandle))
  }

  /**
   * Deletes by receipt handle without a request to parse (for event-source pollers, beside
   * `receiveAll`): as `DeleteMessageBatch` would, in batches of any size. Returns how many deletes
   * succeeded (a stale handle succeeds and removes nothing, as there); none when the queue is gone.
   */
  deleteAll(queueArn: string, handles: readonly string[]): number {
    const queue = this.queueByArn(queueArn)
    if (queue === undefined) return 0
    let succeeded = 0
    for (const handle of handles) {
      try {
        this.deleteByHandle(queue, handle)
        succeeded++
      } catch (error) {
        if (!(error instanceof SqsError)) throw error
      }
    }
    return succeeded
  }

  private deleteByHandle(queue: Queue, handle: string): void {
    this.sweep(queue)
    const order = this.receiptHandles.orderOf(queue.handleKey, handle)
    if (order === undefined) throw sqsErrors.receiptHandleInvalid(handle)
    const message = queue.messages.get(order)
    // The message left the queue (deleted, moved to the dead-letter queue, expired, purged): the delete succeeds.
    if (message === undefined) return
    const now = this.kernel.nowMs
    if (queue.fifo && (message.receiptHandle !== handle || message.visibleAtMs <= now)) {
      throw sqsErrors.invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.')
    }
    // A stale handle on a standard queue: the request succeeds, the message stays.
    if (message.receiptHandle !== handle) return
    this.removeMessage(queue, message)
  }

  changeMessageVisibility(input: { queueUrl: string; receiptHandle: string; visibilityTimeout: number }): void {
    const { queueUrl, receiptHandle, visibilityTimeout } = parse(schemas.changeMessageVisibility, input)
    this.changeVisibility(this.resolveUrl(queueUrl), receiptHandle, visibilityTimeout)
  }

  changeMessageVisibilityBatch(input: {
    queueUrl: string
    entries: ReadonlyArray<{ id: string; receiptHandle: string; visibilityTimeout: number }>
  }): { successful: Array<{ id: string }>; failed: BatchResultErrorEntry[] } {
    const { queueUrl, entries } = parse(schemas.changeMessageVisibilityBatch, input)
    const queue = this.resolveUrl(queueUrl)
    checkBatch(entries, 'ChangeMessageVisibilityBatchRequestEntry')
    return runBatch(entries, (entry) => this.changeVisibility(queue, entry.receiptHandle, entry.visibilityTimeout))
  }

  private changeVisibility(queue: Queue, handle: string, visibilityTimeout: number): void {
    if (!(Number.isInteger(visibilityTimeout) && visibilityTimeout >= 0 && visibilityTimeout <= VISIBILITY_MAX_S)) {
      throw sqsErrors.invalidValue('VisibilityTimeout', visibilityTimeout, `Must be between 0 and ${VISIBILITY_MAX_S}.`)
    }
    this.sweep(queue)
    const order = this.receiptHandles.orderOf(queue.handleKey, handle)
    if (order === undefined) throw sqsErrors.receiptHandleInvalid(handle)
    const message = queue.messages.get(order)
    const now = this.kernel.nowMs
    if (message === undefined || message.receiptHandle !== handle || message.visibleAtMs <= now) {
      throw sqsErrors.invalidValue('ReceiptHandle', handle, 'Message does not exist or is not available for visibility timeout change.')
    }
    if (now + visibilityTimeout * 1000 - message.receivedAtMs > VISIBILITY_MAX_S * 1000) {
      throw sqsErrors.invalidValue('VisibilityTimeout', visibilityTimeout, `Total VisibilityTimeout for the message is beyond the limit [${VISIBILITY_MAX_S} seconds]`)
    }
    message.visibleAtMs = now + visibilityTimeout * 1000
    this.place(queue, message, now)
    this.messageVisible(queue.arn, message.visibleAtMs)
  }

  // ---------------------------------------------------------------- delivery (Lambda destinations, DLQs, fan-out)

  accepts(arn: string): boolean {
    return arn.split(':')[2] === 'sqs'
  }

  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    const queue = this.queueByArn(arn)
    if (queue === undefined) return { ok: false, reason: `Queue does not exist: ${arn}` }
    if (queue.fifo && message.messageGroupId === undefined) {
      return { ok: false, reason: `FIFO queue ${arn} requires a MessageGroupId (AWS does not support FIFO queues as Lambda destinations or dead-letter queues)` }
    }
    try {
      const sent = this.send(queue, {
        messageBody: message.body,
        ...(message.attributes !== undefined ? { messageAttributes: fromOutboundAttributes(message.attributes) } : {}),
        ...(message.messageGroupId !== undefined ? { messageGroupId: message.messageGroupId } : {}),
        ...(message.messageDeduplicationId !== undefined ? { messageDeduplicationId: message.messageDeduplicationId } : {}),
      }, undefined, message.traceHeader)
      return { ok: true, messageId: sent.messageId }
    } catch (error) {
      if (error instanceof SqsError) return { ok: false, reason: `${error.name}: ${error.message}` }
      throw error
    }
  }

  // ---------------------------------------------------------------- inspection (tests, pollers)

  /** Every live message of the queue, visible or not, in queue order; changes nothing. */
  peekMessages(queueUrlOrArn: string): PeekedMessage[] {
    const queue = this.resolveAny(queueUrlOrArn)
    const now = this.kernel.nowMs
    const retentionMs = queue.config.retentionS * 1000
    return [...queue.messages.values()]
      .filter((message) => now < message.enqueuedMs + retentionMs)
      .map((message) => ({
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
      }))
  }

  /** The earliest future instant a hidden message (delayed or in flight) becomes visible, if any. */
  nextVisibleAtMs(queueUrlOrArn: string): number | undefined {
    const queue = this.resolveAny(queueUrlOrArn)
    this.promote(queue, this.kernel.nowMs)
    return queue.hidden.peek()?.visibleAtMs
  }

  /** The queue's `VisibilityTimeout` in seconds, or undefined when there is no such queue (for pollers: no scan of the messages). */
  visibilityTimeoutS(queueArn: string): number | undefined {
    return this.queueByArn(queueArn)?.config.visibilityTimeoutS
  }

  /** True when a queue with this ARN exists (for event-source mappings and destination checks). */
  hasQueue(arn: string): boolean {
    return this.queueByArn(arn) !== undefined
  }

  // ---------------------------------------------------------------- internals

  private removeMessage(queue: Queue, message: StoredMessage): void {
    message.alive = false
    queue.messages.delete(message.order)
    if (message.place === Place.Visible) queue.visible.remove(message)
    else if (message.place === Place.Hidden) queue.hidden.remove(message)
    message.place = Place.None
    if (!queue.fifo) return
    const key = message.messageGroupId as string
    const group = queue.groups.get(key) as Group
    if (group.items[group.head] !== message) return
    // The head left: the group's next live message is its head now.
    let head = group.head + 1
    while (head < group.items.length && !(group.items[head] as StoredMessage).alive) head++
    if (head === group.items.length) {
      queue.groups.delete(key)
      return
    }
    if (head > 64 && head * 2 > group.items.length) {
      group.items = group.items.slice(head)
      head = 0
    }
    group.head = head
    const next = group.items[head] as StoredMessage
    if (next.place === Place.None && next.visibleAtMs <= this.kernel.nowMs) {
      next.place = Place.Visible
      queue.visible.push(next)
    }
  }

  /**
   * Puts a live message in the queue its visibility says: hidden until `visibleAtMs`, else visible
   * (on a FIFO queue only a group's head is in `visible`; the others are read through their group).
   */
  private place(queue: Queue, message: StoredMessage, now: number): void {
    if (message.place === Place.Visible) queue.visible.remove(message)
    else if (message.place === Place.Hidden) queue.hidden.remove(message)
    message.place = Place.None
    if (message.visibleAtMs > now) {
      message.place = Place.Hidden
      queue.hidden.push(message)
    } else if (!queue.fifo || this.isGroupHead(queue, message)) {
      message.place = Place.Visible
      queue.visible.push(message)
    }
  }

  private isGroupHead(queue: Queue, message: StoredMessage): boolean {
    const group = queue.groups.get(message.messageGroupId as string)
    return group !== undefined && group.items[group.head] === message
  }

  /** Moves the messages whose instant came from `hidden` to `visible`. */
  private promote(queue: Queue, now: number): void {
    const hidden = queue.hidden
    for (let top = hidden.peek(); top !== undefined && top.visibleAtMs <= now; top = hidden.peek()) {
      hidden.pop()
      top.place = Place.None
      if (!queue.fifo || this.isGroupHead(queue, top)) {
        top.place = Place.Visible
        queue.visible.push(top)
      }
    }
  }

  /** Every message leaves (purge, queue deleted). */
  private dropAll(queue: Queue): void {
    for (const message of queue.messages.values()) {
      message.alive = false
      message.place = Place.None
    }
    queue.messages.clear()
    queue.visible.clear()
    queue.hidden.clear()
    queue.groups.clear()
    queue.oldestEnqueuedMs = Infinity
  }

  /** Drops messages past the retention period (a scan only when the oldest may have expired). */
  private sweep(queue: Queue): void {
    const now = this.kernel.nowMs
    const expiry = now - queue.config.retentionS * 1000
    if (queue.oldestEnqueuedMs <= expiry) {
      let oldest = Infinity
      for (const message of queue.messages.values()) {
        if (message.enqueuedMs <= expiry) this.removeMessage(queue, message)
        else if (message.enqueuedMs < oldest) oldest = message.enqueuedMs
      }
      queue.oldestEnqueuedMs = oldest
    }
    if (queue.dedup.size > 0) {
      // In expiry order: stop at the first live entry.
      for (const [key, entry] of queue.dedup) {
        if (entry.expiresAtMs > now) break
        queue.dedup.delete(key)
      }
    }
  }

  private resolveUrl(queueUrl: string): Queue {
    const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)\/?$/.exec(queueUrl)
    if (match === null) throw new SqsError('InvalidAddress', `The address ${queueUrl} is not valid for this endpoint.`)
    const queue = match[1] === this.scope.accountId ? this.queues.get(match[2] as string) : undefined
    if (queue === undefined) throw sqsErrors.queueDoesNotExist()
    return queue
  }

  private resolveAny(queueUrlOrArn: string): Queue {
    if (!queueUrlOrArn.startsWith('arn:')) return this.resolveUrl(queueUrlOrArn)
    const queue = this.queueByArn(queueUrlOrArn)
    if (queue === undefined) throw sqsErrors.queueDoesNotExist()
    return queue
  }

  private queueByArn(arn: string): Queue | undefined {
    const parts = arn.split(':')
    if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined
    if (parts[3] !== this.scope.region || parts[4] !== this.scope.accountId) return undefined
    return this.queues.get(parts[5] as string)
  }

  private attributesOf(queue: Queue): Record<string, string> {
    const now = this.kernel.nowMs
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
}

/** Attribute names that are valid but only shown when set (or on FIFO queues). */
const OPTIONAL_QUEUE_ATTRIBUTES = new Set([
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

const SYSTEM_ATTRIBUTES = new Set([
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

