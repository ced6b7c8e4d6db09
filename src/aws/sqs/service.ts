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
 * The stored messages and the indexes that keep a receive from scanning the queue are in
 * `queue-state.ts`; what a caller sees of a queue and its messages, in `views.ts`.
 */
import type { BatchResultErrorEntry, PeekedMessage, ReceiveMessageInput, ReceiveMessageOutput, SendMessageBatchEntry, SendMessageBatchOutput, SendMessageInput, SendMessageOutput, SqsApi, SqsMessage, CreateQueueInput } from './api.js'
import { awsParser } from '../../config/aws-validation.js'
import { SqsError, sqsErrors, sqsValidationError } from './errors.js'
import { createHash } from 'node:crypto'
import { checkBatch, checkFifoToken, checkMessageBody, checkPaging, fromOutboundAttributes, messageSize, pageOf, refuseProtoAttribute, runBatch, validateMessageAttributes } from './requests.js'
import { schemas } from './schemas.js'
import { applyQueueAttributes, defaultQueueConfig, normalizedQueueAttribute, VISIBILITY_MAX_S } from './queue-config.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryTarget, OutboundMessage } from '../../lambda/invoke/delivery.js'
import { dropAll, md5OfBody, md5OfMessageAttributes, newQueue, nextSequenceNumber, Place, place, promote, removeMessage, storedMessage, sweep, type Digested, type Group, type MessageFields, type Queue, type StoredMessage } from './queue-state.js'
import { ALL, attributesOf, OPTIONAL_QUEUE_ATTRIBUTES, peekedMessage, renderMessage, SYSTEM_ATTRIBUTES } from './views.js'
import { handleKey, ReceiptHandles } from './receipt-handles.js'
import { NO_OUTGOING_TRACE, type OutgoingTrace } from '../../observability/tracer.js'
import { lineageOf, withLineage } from '../../observability/trace-header.js'
import { mergeLineages, NO_LINEAGE } from '../../model/lineage.js'

// ------------------------------------------------------------------------------------ constants

const DEDUP_WINDOW_MS = 5 * 60_000
const PURGE_INTERVAL_MS = 60_000
const DELETED_NAME_HOLD_MS = 60_000
const TAGS_MAX = 50
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/

// ------------------------------------------------------------------------------------ public types

export interface SqsScope {
  readonly region: string
  readonly accountId: string
}

/** Shape errors in AWS's words: a missing member is `MissingParameter`, anything else `InvalidParameterValue`. */
const parse = awsParser(sqsValidationError)


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
      const current = attributesOf(existing, this.kernel.nowMs)
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
    const queue = newQueue(queueName, this.queueUrl(queueName), this.queueArn(queueName), fifo, config, handleKey(this.queueArn(queueName), ++this.queuesCreated), tags, now)
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
    dropAll(queue)
    this.queues.delete(queue.name)
    this.deletedAtMs.set(queue.name, this.kernel.nowMs)
  }

  /** Attribute values are strings, as AWS sends them; none unless asked for (`All` for every one). */
  getQueueAttributes(input: { queueUrl: string; attributeNames?: readonly string[] }): { attributes: Record<string, string> } {
    const { queueUrl, attributeNames = [] } = parse(schemas.getQueueAttributes, input)
    const queue = this.resolveUrl(queueUrl)
    sweep(queue, this.kernel.nowMs)
    const all = attributesOf(queue, this.kernel.nowMs)
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
    dropAll(queue)
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
    const message = this.store(queue, entry, traceHeader)
    const answer: { id?: string; messageId: string; md5OfMessageBody: string; md5OfMessageAttributes?: string; sequenceNumber?: string } =
      batchId !== undefined ? { id: batchId, messageId: message.messageId, md5OfMessageBody: md5OfBody(message) } : { messageId: message.messageId, md5OfMessageBody: md5OfBody(message) }
    const attributesDigest = md5OfMessageAttributes(message)
    if (attributesDigest !== undefined) answer.md5OfMessageAttributes = attributesDigest
    if (message.sequenceNumber !== undefined) answer.sequenceNumber = message.sequenceNumber
    return answer
  }

  /**
   * Checks and enqueues one message: the message stored, or for a FIFO duplicate inside the
   * deduplication window, the first message it repeats (with this body's digests).
   */
  private store(queue: Queue, entry: Omit<SendMessageInput, 'queueUrl'>, traceHeader: string | undefined): SentMessage {
    const now = this.kernel.nowMs
    const body = entry.messageBody
    const attributes = entry.messageAttributes ?? {}
    checkMessageBody(body)
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
        return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber, body, messageAttributes: attributes, bodyDigest: undefined, attributesDigest: undefined }
      }
      sequenceNumber = nextSequenceNumber(queue)
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
    return message
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
    place(queue, message, this.kernel.nowMs)
    this.messageVisible(queue.arn, message.visibleAtMs)
    return message
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
    sweep(queue, this.kernel.nowMs)
    const attributeNames = request.messageAttributeNames ?? []
    return { messages: this.receiveFrom(queue, max, visibilityS).map((message) => renderMessage(message, this.scope.accountId, systemNames, attributeNames)) }
  }

  /**
   * For pollers: `receiveMessage` with every system and message attribute (`All`), the queue's
   * visibility timeout unless one is given, without a request to parse.
   */
  receiveAll(queueArn: string, max: number, visibilityS?: number): SqsMessage[] {
    const queue = this.resolveAny(queueArn)
    sweep(queue, this.kernel.nowMs)
    return this.receiveFrom(queue, max, visibilityS ?? queue.config.visibilityTimeoutS).map((message) => renderMessage(message, this.scope.accountId, ALL, ALL))
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
      place(queue, message, now)
      message.receiptHandle = this.receiptHandles.issue(queue.handleKey, message.order)
    }
    return picked
  }

  /** Visible messages in send order (none scanned: the front of the `visible` queue). */
  private pickStandard(queue: Queue, max: number, now: number): StoredMessage[] {
    promote(queue, now)
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
    promote(queue, now)
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
    removeMessage(queue, message, now)
    this.enqueue(target, {
      messageId: message.messageId,
      body: message.body,
      messageAttributes: message.messageAttributes,
      sentMs: message.sentMs,
      enqueuedMs: target.fifo ? now : message.enqueuedMs,
      visibleAtMs: now,
      messageGroupId: message.messageGroupId,
      messageDeduplicationId: message.messageDeduplicationId,
      sequenceNumber: target.fifo ? nextSequenceNumber(target) : undefined,
      deadLetterQueueSourceArn: queue.arn,
      awsTraceHeader: message.awsTraceHeader,
    })
    return true
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
    sweep(queue, this.kernel.nowMs)
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
    removeMessage(queue, message, now)
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
    sweep(queue, this.kernel.nowMs)
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
    place(queue, message, now)
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
      // Stored without a send's answer: nobody reads it, so the message's MD5s wait for a receive.
      const sent = this.store(queue, {
        messageBody: message.body,
        ...(message.attributes !== undefined ? { messageAttributes: fromOutboundAttributes(message.attributes) } : {}),
        ...(message.messageGroupId !== undefined ? { messageGroupId: message.messageGroupId } : {}),
        ...(message.messageDeduplicationId !== undefined ? { messageDeduplicationId: message.messageDeduplicationId } : {}),
      }, headerWithLineage(message))
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
      .map((message) => peekedMessage(message, now))
  }

  /** The earliest future instant a hidden message (delayed or in flight) becomes visible, if any. */
  nextVisibleAtMs(queueUrlOrArn: string): number | undefined {
    const queue = this.resolveAny(queueUrlOrArn)
    promote(queue, this.kernel.nowMs)
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

}

/** What a send stored: the message, or the first one a FIFO duplicate repeats (the send's answer is made from it). */
type SentMessage = Digested & Pick<StoredMessage, 'messageId' | 'sequenceNumber'>

/**
 * The `AWSTraceHeader` a delivered message keeps: the sender's header with the lineage that led to
 * the message (`Lineage`), so the function the queue triggers counts on from it (recursive loop detection).
 */
function headerWithLineage(message: OutboundMessage): string | undefined {
  const header = message.traceHeader
  if (header === undefined || message.lineage === undefined || message.lineage === NO_LINEAGE) return header
  const carried = lineageOf(header)
  const lineage = mergeLineages(carried, message.lineage)
  return lineage === carried ? header : withLineage(header, lineage)
}
