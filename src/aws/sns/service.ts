/**
 * An in-memory Amazon SNS: topics (standard and FIFO), SQS and Lambda subscriptions, filter
 * policies, and fan-out at publish time on the virtual clock.
 *
 * - SQS subscribers receive the SNS notification JSON envelope as the message body, or the raw
 *   message (with its message attributes as SQS message attributes) when `RawMessageDelivery`.
 * - Lambda subscribers are invoked asynchronously with the `aws:sns` event (lambda-semantics §8.5).
 * - As a `DeliveryTarget`, a topic can be a Lambda destination or dead-letter target: the message
 *   body is published, its attributes pass through.
 *
 * [SIM] Delivery happens synchronously inside `publish` (no delivery latency) and is attempted once:
 * SNS delivery retry policies are not modelled; failed deliveries are recorded on the message.
 */
import type { PublishBatchEntry, PublishBatchOutput, PublishInput, SnsApi, SnsDelivery, SnsMessageAttributeValue, SnsPublishedMessage, SnsSubscription, SnsSubscriptionAttributes, SnsTopicAttributes } from './api.js'
import { SnsError, snsErrors } from './errors.js'
import { createHash } from 'node:crypto'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryRouter, DeliveryTarget, InvokeAsync, MessageAttribute, OutboundMessage } from '../../lambda/invoke/delivery.js'
import { SNS_SIGNATURE_PLACEHOLDER, snsSigningCertUrl, snsUnsubscribeUrl } from './notification-urls.js'
import { matchesPattern, patternProblem } from '../../model/event-pattern.js'
import { NO_OUTGOING_TRACE, type OutgoingTrace } from '../../observability/tracer.js'
import { lineageOf } from '../../observability/trace-header.js'
import { NO_LINEAGE, type Lineage } from '../../model/lineage.js'

// ------------------------------------------------------------------ types

interface Topic {
  readonly topicArn: string
  readonly name: string
  readonly fifo: boolean
  readonly attributes: Record<string, string>
  readonly subscriptions: SnsSubscription[]
  readonly messages: SnsPublishedMessage[]
  sequence: bigint
  /** FIFO deduplication: id → (message, expiry). */
  readonly dedup: Map<string, { messageId: string; sequenceNumber: string; expiresAtMs: number }>
}


/** 256 KiB: message plus message attributes (names, types, values). */
export const SNS_MESSAGE_BYTES_MAX = 262_144
/** FIFO deduplication interval. */
const DEDUP_WINDOW_MS = 5 * 60_000
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/
/** Entries per PublishBatch. */
const BATCH_MAX = 10
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/
/** Topic attributes SetTopicAttributes may change: stored and returned; only ContentBasedDeduplication changes behaviour. */
const SETTABLE_TOPIC_ATTRIBUTES = new Set(['DisplayName', 'Policy', 'DeliveryPolicy', 'TracingConfig', 'KmsMasterKeyId', 'SignatureVersion', 'ContentBasedDeduplication'])
/** Subscription attributes AWS has and lambda-sim does not simulate. */
const UNSIMULATED_SUBSCRIPTION_ATTRIBUTES = new Set(['DeliveryPolicy', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy'])
const ATTRIBUTE_NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

function binaryText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('base64')
}

function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((key) => a[key] === b[key])
}

export class SnsService implements SnsApi, DeliveryTarget {
  private readonly topics = new Map<string, Topic>()
  private readonly subscriptionIndex = new Map<string, SnsSubscription>()

  constructor(
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    private readonly scope: { readonly region: string; readonly accountId: string },
    private readonly router: DeliveryRouter,
    private readonly invokeAsync: InvokeAsync,
    /** The trace header of a handler's request being answered (it travels to the subscribers). */
    private readonly trace: OutgoingTrace = NO_OUTGOING_TRACE,
  ) {}

  // ---------------------------------------------------------------- topics

  /** Idempotent: the same name (and attributes) returns the existing topic. */
  createTopic(input: { name: string; attributes?: SnsTopicAttributes }): { topicArn: string } {
    const attributes: Record<string, string> = {}
    for (const [key, value] of Object.entries(input.attributes ?? {})) if (value !== undefined) attributes[key] = String(value)
    const fifo = attributes['FifoTopic'] === 'true'
    if (fifo) {
      if (!FIFO_TOPIC_NAME.test(input.name)) {
        throw snsErrors.invalid(
          'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
        )
      }
    } else if (!TOPIC_NAME.test(input.name)) {
      throw snsErrors.invalid('Topic Name')
    }
    if (!fifo && attributes['ContentBasedDeduplication'] === 'true') {
      throw snsErrors.invalid('Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics')
    }
    const topicArn = `arn:aws:sns:${this.scope.region}:${this.scope.accountId}:${input.name}`
    const existing = this.topics.get(topicArn)
    if (existing !== undefined) {
      if (!sameAttributes(existing.attributes, attributes)) throw snsErrors.invalid('Attributes Reason: Topic already exists with different attributes')
      return { topicArn }
    }
    this.topics.set(topicArn, {
      topicArn,
      name: input.name,
      fifo,
      attributes,
      subscriptions: [],
      messages: [],
      sequence: 10n ** 19n,
      dedup: new Map(),
    })
    return { topicArn }
  }

  /** Idempotent, as in AWS: deleting a topic that does not exist is not an error. Its subscriptions go too. */
  deleteTopic(input: { topicArn: string }): void {
    const topic = this.topics.get(input.topicArn)
    if (topic === undefined) return
    for (const subscription of topic.subscriptions) this.subscriptionIndex.delete(subscription.subscriptionArn)
    this.topics.delete(input.topicArn)
  }

  /** [SIM] Creation order, one page. */
  listTopics(): { topics: { topicArn: string }[] } {
    return { topics: [...this.topics.keys()].map((topicArn) => ({ topicArn })) }
  }

  getTopicAttributes(input: { topicArn: string }): { attributes: Record<string, string> } {
    const topic = this.topic(input.topicArn)
    return {
      attributes: {
        TopicArn: topic.topicArn,
        Owner: this.scope.accountId,
        ...topic.attributes,
        SubscriptionsConfirmed: String(topic.subscriptions.length),
        SubscriptionsPending: '0',
        SubscriptionsDeleted: '0',
      },
    }
  }

  /**
   * Changes one topic attribute. `ContentBasedDeduplication` (FIFO topics) changes publishing; the
   * others (`DisplayName`, `Policy`, `DeliveryPolicy`, …) are stored and returned only. `FifoTopic`
   * cannot change.
   */
  setTopicAttributes(input: { topicArn: string; attributeName: string; attributeValue?: string }): void {
    const topic = this.topic(input.topicArn)
    const name = input.attributeName
    const value = input.attributeValue ?? ''
    if (!SETTABLE_TOPIC_ATTRIBUTES.has(name)) throw snsErrors.invalid('AttributeName')
    if (name === 'ContentBasedDeduplication') {
      if (!topic.fifo) throw snsErrors.invalid('Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics')
      if (value !== 'true' && value !== 'false') throw snsErrors.invalid('ContentBasedDeduplication: Invalid value')
    }
    if (value === '' && name !== 'DisplayName') delete topic.attributes[name]
    else topic.attributes[name] = value
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * Subscriptions to SQS queues and Lambda functions are confirmed at once (same account).
   * Idempotent for the same topic, protocol and endpoint.
   */
  subscribe(input: { topicArn: string; protocol: 'sqs' | 'lambda'; endpoint: string; attributes?: SnsSubscriptionAttributes }): {
    subscriptionArn: string
  } {
    const topic = this.topic(input.topicArn)
    if (input.protocol !== 'sqs' && input.protocol !== 'lambda') throw snsErrors.invalid(`Invalid protocol type: ${String(input.protocol)}`)
    const service = input.protocol === 'sqs' ? 'sqs' : 'lambda'
    if (!input.endpoint.startsWith('arn:') || input.endpoint.split(':')[2] !== service) {
      throw snsErrors.invalid(`${input.protocol === 'sqs' ? 'SQS' : 'Lambda'} endpoint ARN`)
    }
    if (topic.fifo && input.protocol !== 'sqs') throw snsErrors.invalid(`Invalid protocol type: ${input.protocol}`)

    const attributes: Record<string, string> = {}
    for (const [name, value] of Object.entries(input.attributes ?? {}) as Array<[string, unknown]>) {
      if (value === undefined) continue
      attributes[name] = name === 'FilterPolicy' && typeof value !== 'string' ? JSON.stringify(value) : String(value)
    }
    const { rawMessageDelivery, filterPolicy, filterPolicyScope: scope } = subscriptionSettings(input.protocol, attributes)

    const existing = topic.subscriptions.find((s) => s.protocol === input.protocol && s.endpoint === input.endpoint)
    if (existing !== undefined) {
      if (!sameAttributes(existing.attributes, attributes)) throw snsErrors.invalid('Attributes Reason: Subscription already exists with different attributes')
      return { subscriptionArn: existing.subscriptionArn }
    }
    const subscription: SnsSubscription = {
      subscriptionArn: `${topic.topicArn}:${this.ids.uuid()}`,
      topicArn: topic.topicArn,
      protocol: input.protocol,
      endpoint: input.endpoint,
      owner: this.scope.accountId,
      rawMessageDelivery,
      filterPolicy,
      filterPolicyScope: scope,
      attributes,
    }
    topic.subscriptions.push(subscription)
    this.subscriptionIndex.set(subscription.subscriptionArn, subscription)
    return { subscriptionArn: subscription.subscriptionArn }
  }

  /**
   * Changes one subscription attribute: `RawMessageDelivery`, `FilterPolicy` (an empty value removes
   * it) or `FilterPolicyScope`. Other AWS attributes are refused: lambda-sim does not simulate them.
   */
  setSubscriptionAttributes(input: { subscriptionArn: string; attributeName: string; attributeValue?: string }): void {
    const current = this.subscriptionIndex.get(input.subscriptionArn)
    if (current === undefined) throw snsErrors.subscriptionNotFound()
    const attributes: Record<string, string> = { ...current.attributes }
    const value = input.attributeValue ?? ''
    if (input.attributeName === 'FilterPolicy' && value === '') delete attributes['FilterPolicy']
    else attributes[input.attributeName] = value
    const settings = subscriptionSettings(current.protocol, attributes)
    const next: SnsSubscription = { ...current, ...settings, attributes }
    const topic = this.topics.get(current.topicArn)
    if (topic !== undefined) topic.subscriptions[topic.subscriptions.indexOf(current)] = next
    this.subscriptionIndex.set(current.subscriptionArn, next)
  }

  unsubscribe(input: { subscriptionArn: string }): void {
    const subscription = this.subscriptionIndex.get(input.subscriptionArn)
    if (subscription === undefined) throw snsErrors.subscriptionNotFound()
    const topic = this.topics.get(subscription.topicArn)
    if (topic !== undefined) topic.subscriptions.splice(topic.subscriptions.indexOf(subscription), 1)
    this.subscriptionIndex.delete(input.subscriptionArn)
  }

  listSubscriptionsByTopic(input: { topicArn: string }): {
    subscriptions: { subscriptionArn: string; owner: string; protocol: string; endpoint: string; topicArn: string }[]
  } {
    const topic = this.topic(input.topicArn)
    return {
      subscriptions: topic.subscriptions.map((s) => ({
        subscriptionArn: s.subscriptionArn,
        owner: s.owner,
        protocol: s.protocol,
        endpoint: s.endpoint,
        topicArn: s.topicArn,
      })),
    }
  }

  /** [SIM] Every subscription of every topic, topics in creation order; one page. */
  listSubscriptions(): {
    subscriptions: { subscriptionArn: string; owner: string; protocol: string; endpoint: string; topicArn: string }[]
  } {
    return { subscriptions: [...this.topics.keys()].flatMap((topicArn) => this.listSubscriptionsByTopic({ topicArn }).subscriptions) }
  }

  getSubscriptionAttributes(input: { subscriptionArn: string }): { attributes: Record<string, string> } {
    const s = this.subscriptionIndex.get(input.subscriptionArn)
    if (s === undefined) throw snsErrors.subscriptionNotFound()
    return {
      attributes: {
        SubscriptionArn: s.subscriptionArn,
        TopicArn: s.topicArn,
        Protocol: s.protocol,
        Endpoint: s.endpoint,
        Owner: s.owner,
        ConfirmationWasAuthenticated: 'true',
        PendingConfirmation: 'false',
        RawMessageDelivery: s.rawMessageDelivery ? 'true' : 'false',
        ...s.attributes,
      },
    }
  }

  // ---------------------------------------------------------------- publish

  /**
   * A handler's request carries its invocation's header: its `Lineage` goes with the message, so a
   * function that publishes to the topic that triggers it is stopped at its 17th run (§10.1).
   */
  publish(input: PublishInput): { messageId: string; sequenceNumber?: string } {
    const header = this.trace.outgoing
    return this.publishWithLineage(input, lineageOf(header), header)
  }

  /**
   * Publishes up to 10 messages to one topic. The request fails as a whole for a missing topic, an
   * empty or oversized batch, or bad entry ids; otherwise each entry succeeds or fails on its own.
   */
  publishBatch(input: { topicArn: string; entries: readonly PublishBatchEntry[] }): PublishBatchOutput {
    const topic = this.topic(input.topicArn)
    const entries = input.entries
    if (entries.length === 0) throw new SnsError('EmptyBatchRequest', "The batch request doesn't contain any entries.")
    if (entries.length > BATCH_MAX) throw new SnsError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible (more than 10).')
    const seen = new Set<string>()
    for (const { id } of entries) {
      if (!BATCH_ID.test(id)) throw new SnsError('InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification.")
      if (seen.has(id)) throw new SnsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.')
      seen.add(id)
    }
    let bytes = 0
    for (const entry of entries) {
      bytes += typeof entry.message === 'string' ? utf8Bytes(entry.message) : 0
      for (const [name, value] of Object.entries(entry.messageAttributes ?? {})) bytes += utf8Bytes(name) + utf8Bytes(value.DataType ?? '') + attributeValueBytes(value)
    }
    if (bytes > SNS_MESSAGE_BYTES_MAX) throw new SnsError('BatchRequestTooLong', 'The length of all the batch messages put together is more than the limit.')
    const successful: Array<{ id: string; messageId: string; sequenceNumber?: string }> = []
    const failed: Array<{ id: string; code: string; message: string; senderFault: boolean }> = []
    const header = this.trace.outgoing
    const lineage = lineageOf(header)
    for (const { id, ...entry } of entries) {
      try {
        successful.push({ id, ...this.publishWithLineage({ ...entry, topicArn: topic.topicArn }, lineage, header) })
      } catch (error) {
        if (!(error instanceof SnsError)) throw error
        failed.push({ id, code: error.code, message: error.message, senderFault: true })
      }
    }
    return { successful, failed }
  }

  /** Every message published to the topic, in order (including those no subscription received). */
  publishedMessages(topicArn: string): readonly SnsPublishedMessage[] {
    return this.topic(topicArn).messages
  }

  // ---------------------------------------------------------------- DeliveryTarget

  accepts(arn: string): boolean {
    return arn.startsWith('arn:') && arn.split(':')[2] === 'sns'
  }

  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    if (!this.topics.has(arn)) return { ok: false, reason: `SNS topic ${arn} does not exist` }
    const messageAttributes: Record<string, SnsMessageAttributeValue> = {}
    for (const [name, value] of Object.entries(message.attributes ?? {})) messageAttributes[name] = fromOutboundAttribute(value)
    try {
      const { messageId } = this.publishWithLineage(
        {
          topicArn: arn,
          message: message.body,
          ...(message.subject !== undefined ? { subject: message.subject } : {}),
          messageAttributes,
          ...(message.messageGroupId !== undefined ? { messageGroupId: message.messageGroupId } : {}),
          ...(message.messageDeduplicationId !== undefined ? { messageDeduplicationId: message.messageDeduplicationId } : {}),
        },
        message.lineage ?? NO_LINEAGE,
        message.traceHeader,
      )
      return { ok: true, messageId }
    } catch (error) {
      if (error instanceof SnsError) return { ok: false, reason: `${error.code}: ${error.message}` }
      throw error
    }
  }

  // ---------------------------------------------------------------- internals

  private topic(topicArn: string): Topic {
    const topic = this.topics.get(topicArn)
    if (topic === undefined) throw snsErrors.topicNotFound()
    return topic
  }

  private publishWithLineage(input: PublishInput, lineage: Lineage, traceHeader: string | undefined): { messageId: string; sequenceNumber?: string } {
    const topic = this.topic(input.topicArn)
    if (typeof input.message !== 'string' || input.message.length === 0) throw snsErrors.invalid('Empty message')
    if (input.subject !== undefined && (input.subject.length === 0 || input.subject.length > 100 || /[\r\n]/.test(input.subject))) {
      throw snsErrors.invalid('Subject')
    }
    const messageAttributes = input.messageAttributes ?? {}
    let bytes = utf8Bytes(input.message)
    for (const [name, value] of Object.entries(messageAttributes)) {
      validateAttribute(name, value)
      bytes += utf8Bytes(name) + utf8Bytes(value.DataType) + attributeValueBytes(value)
    }
    if (bytes > SNS_MESSAGE_BYTES_MAX) throw snsErrors.invalid('Message too long')

    let deduplicationId: string | undefined
    if (topic.fifo) {
      if (input.messageGroupId === undefined) throw snsErrors.invalid('The MessageGroupId parameter is required for FIFO topics')
      deduplicationId = input.messageDeduplicationId
      if (deduplicationId === undefined) {
        if (topic.attributes['ContentBasedDeduplication'] !== 'true') {
          throw snsErrors.invalid('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')
        }
        deduplicationId = createHash('sha256').update(input.message).digest('hex')
      }
      const seen = topic.dedup.get(deduplicationId)
      if (seen !== undefined && seen.expiresAtMs > this.kernel.nowMs) return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber }
    } else if (input.messageGroupId !== undefined) {
      throw snsErrors.invalid('MessageGroupId: The request includes MessageGroupId parameter that is not valid for this topic type')
    }

    const messageId = this.ids.uuid()
    const timestamp = new Date(this.kernel.nowMs).toISOString()
    let sequenceNumber: string | undefined
    if (topic.fifo) {
      topic.sequence += 1n
      sequenceNumber = topic.sequence.toString()
      topic.dedup.set(deduplicationId as string, { messageId, sequenceNumber, expiresAtMs: this.kernel.nowMs + DEDUP_WINDOW_MS })
    }

    const deliveries: SnsDelivery[] = []
    const filteredOut: string[] = []
    const published: SnsPublishedMessage = {
      messageId,
      topicArn: topic.topicArn,
      message: input.message,
      subject: input.subject,
      messageAttributes,
      timestamp,
      ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
      ...(input.messageGroupId !== undefined ? { messageGroupId: input.messageGroupId } : {}),
      lineage,
      deliveries,
      filteredOut,
    }
    topic.messages.push(published)

    // Snapshot: a subscriber reacting synchronously must not change this fan-out.
    for (const subscription of [...topic.subscriptions]) {
      if (!passesFilter(subscription, published)) {
        filteredOut.push(subscription.subscriptionArn)
        continue
      }
      const result =
        subscription.protocol === 'sqs'
          ? this.router.deliver(subscription.endpoint, this.sqsMessage(subscription, published, deduplicationId, traceHeader))
          : this.invokeAsync(subscription.endpoint, JSON.stringify(this.lambdaEvent(subscription, published)), lineage, traceHeader)
      deliveries.push({ subscriptionArn: subscription.subscriptionArn, protocol: subscription.protocol, endpoint: subscription.endpoint, result })
    }
    return sequenceNumber !== undefined ? { messageId, sequenceNumber } : { messageId }
  }

  /** The JSON envelope an SQS subscriber receives (or the raw message with `RawMessageDelivery`). */
  private sqsMessage(subscription: SnsSubscription, message: SnsPublishedMessage, deduplicationId: string | undefined, traceHeader: string | undefined): OutboundMessage {
    const trace = traceHeader !== undefined ? { traceHeader } : {}
    const fifo =
      message.messageGroupId !== undefined
        ? { messageGroupId: message.messageGroupId, ...(deduplicationId !== undefined ? { messageDeduplicationId: deduplicationId } : {}) }
        : {}
    if (subscription.rawMessageDelivery) {
      const attributes: Record<string, MessageAttribute> = {}
      for (const [name, value] of Object.entries(message.messageAttributes)) attributes[name] = toOutboundAttribute(value)
      return { body: message.message, attributes, lineage: message.lineage, ...fifo, ...trace }
    }
    const envelope: Record<string, unknown> = {
      Type: 'Notification',
      MessageId: message.messageId,
      ...(message.sequenceNumber !== undefined ? { SequenceNumber: message.sequenceNumber } : {}),
      TopicArn: message.topicArn,
      ...(message.subject !== undefined ? { Subject: message.subject } : {}),
      Message: message.message,
      Timestamp: message.timestamp,
      SignatureVersion: '1',
      Signature: SNS_SIGNATURE_PLACEHOLDER,
      SigningCertURL: snsSigningCertUrl(this.scope.region),
      UnsubscribeURL: snsUnsubscribeUrl(this.scope.region, subscription.subscriptionArn),
    }
    const attributes = envelopeAttributes(message.messageAttributes)
    if (Object.keys(attributes).length > 0) envelope['MessageAttributes'] = attributes
    return { body: JSON.stringify(envelope), lineage: message.lineage, ...fifo, ...trace }
  }

  /** The `aws:sns` event a Lambda subscriber receives. */
  private lambdaEvent(subscription: SnsSubscription, message: SnsPublishedMessage): object {
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subscription.subscriptionArn,
          Sns: {
            Type: 'Notification',
            MessageId: message.messageId,
            TopicArn: message.topicArn,
            Subject: message.subject ?? null,
            Message: message.message,
            Timestamp: message.timestamp,
            SignatureVersion: '1',
            Signature: SNS_SIGNATURE_PLACEHOLDER,
            SigningCertUrl: snsSigningCertUrl(this.scope.region),
            UnsubscribeUrl: snsUnsubscribeUrl(this.scope.region, subscription.subscriptionArn),
            MessageAttributes: envelopeAttributes(message.messageAttributes),
          },
        },
      ],
    }
  }
}

// ------------------------------------------------------------------ attributes and filtering

/** What a subscription's attributes mean; throws for values AWS refuses and attributes lambda-sim does not simulate. */
function subscriptionSettings(
  protocol: 'sqs' | 'lambda',
  attributes: Readonly<Record<string, string>>,
): { rawMessageDelivery: boolean; filterPolicy: object | undefined; filterPolicyScope: 'MessageAttributes' | 'MessageBody' } {
  for (const name of Object.keys(attributes)) {
    if (UNSIMULATED_SUBSCRIPTION_ATTRIBUTES.has(name)) throw snsErrors.unsimulatedAttribute('subscription', name)
    if (name !== 'RawMessageDelivery' && name !== 'FilterPolicy' && name !== 'FilterPolicyScope') throw snsErrors.invalid('AttributeName')
  }
  const raw = attributes['RawMessageDelivery'] ?? 'false'
  if (raw !== 'true' && raw !== 'false') throw snsErrors.invalid('Attributes Reason: RawMessageDelivery: Invalid value [' + raw + ']. Must be true or false.')
  const rawMessageDelivery = raw === 'true'
  if (rawMessageDelivery && protocol === 'lambda') {
    throw snsErrors.invalid('Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.')
  }
  const scope = attributes['FilterPolicyScope'] ?? 'MessageAttributes'
  if (scope !== 'MessageAttributes' && scope !== 'MessageBody') throw snsErrors.invalid('Attributes Reason: FilterPolicyScope: Invalid value')
  let filterPolicy: object | undefined
  if (attributes['FilterPolicy'] !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(attributes['FilterPolicy'])
    } catch {
      throw snsErrors.invalid('FilterPolicy: failed to parse JSON.')
    }
    const problem = patternProblem(parsed)
    if (problem !== undefined) throw snsErrors.invalid(`FilterPolicy: ${problem}`)
    filterPolicy = parsed as object
  }
  return { rawMessageDelivery, filterPolicy, filterPolicyScope: scope }
}

function validateAttribute(name: string, value: SnsMessageAttributeValue): void {
  if (!ATTRIBUTE_NAME.test(name)) throw new SnsError('InvalidParameterValue', `The message attribute name '${name}' is invalid.`)
  const type = value.DataType ?? ''
  const base = type.split('.')[0]
  if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
    throw new SnsError(
      'InvalidParameterValue',
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    )
  }
  if (base === 'Binary') {
    if (value.BinaryValue === undefined) throw new SnsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`)
    return
  }
  if (value.StringValue === undefined || value.StringValue === '') {
    throw new SnsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`)
  }
  if (base === 'Number' && !Number.isFinite(Number(value.StringValue))) {
    throw new SnsError('InvalidParameterValue', `Could not cast message attribute '${name}' value to number.`)
  }
  if (type === 'String.Array') {
    let parsed: unknown
    try {
      parsed = JSON.parse(value.StringValue)
    } catch {
      parsed = undefined
    }
    if (!Array.isArray(parsed)) throw snsErrors.invalid(`Message attribute '${name}' String.Array value must be a JSON array`)
  }
}

function attributeValueBytes(value: SnsMessageAttributeValue): number {
  if (value.BinaryValue !== undefined) return typeof value.BinaryValue === 'string' ? Buffer.from(value.BinaryValue, 'base64').length : value.BinaryValue.length
  return utf8Bytes(value.StringValue ?? '')
}

/** `{ name: { Type, Value } }`, as in the notification envelope and the Lambda event. */
function envelopeAttributes(attributes: Readonly<Record<string, SnsMessageAttributeValue>>): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {}
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = { Type: value.DataType, Value: value.BinaryValue !== undefined ? binaryText(value.BinaryValue) : (value.StringValue ?? '') }
  }
  return out
}

function fromOutboundAttribute(value: MessageAttribute): SnsMessageAttributeValue {
  return value.DataType === 'Binary' ? { DataType: 'Binary', BinaryValue: value.StringValue ?? '' } : { DataType: value.DataType, StringValue: value.StringValue ?? '' }
}

function toOutboundAttribute(value: SnsMessageAttributeValue): MessageAttribute {
  const base = value.DataType.split('.')[0]
  if (base === 'Binary') return { DataType: 'Binary', StringValue: binaryText(value.BinaryValue ?? '') }
  return { DataType: base === 'Number' ? 'Number' : 'String', StringValue: value.StringValue ?? '' }
}

/**
 * The document a filter policy is matched against. Attribute scope: String → string, Number →
 * number, String.Array → the parsed array; Binary attributes are not filterable. Body scope: the
 * message parsed as JSON (a non-JSON body matches no body policy).
 */
function filterDocument(subscription: SnsSubscription, message: SnsPublishedMessage): object | undefined {
  if (subscription.filterPolicyScope === 'MessageBody') {
    try {
      const parsed: unknown = JSON.parse(message.message)
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined
    } catch {
      return undefined
    }
  }
  const document: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(message.messageAttributes)) {
    const base = value.DataType.split('.')[0]
    if (base === 'Number') document[name] = Number(value.StringValue)
    else if (value.DataType === 'String.Array') document[name] = JSON.parse(value.StringValue ?? '[]') as unknown
    else if (base === 'String') document[name] = value.StringValue
  }
  return document
}

function passesFilter(subscription: SnsSubscription, message: SnsPublishedMessage): boolean {
  if (subscription.filterPolicy === undefined) return true
  const document = filterDocument(subscription, message)
  return document !== undefined && matchesPattern(subscription.filterPolicy, document)
}
