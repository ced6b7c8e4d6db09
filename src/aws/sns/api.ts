/**
 * Amazon SNS as the simulation's users call it (`sim.sns`): the service's verbs and
 * nothing of the machinery behind them. `SnsService` implements it.
 */
import type { DeliveryResult } from '../../lambda/invoke/delivery.js'
import type { Lineage } from '../../model/lineage.js'

/** A message attribute as `Publish` takes it (AWS SDK shape). */
export interface SnsMessageAttributeValue {
  readonly DataType: string
  readonly StringValue?: string
  /** Base64 text or bytes. */
  readonly BinaryValue?: string | Uint8Array
}

export interface SnsTopicAttributes {
  readonly FifoTopic?: 'true' | 'false'
  readonly ContentBasedDeduplication?: 'true' | 'false'
  readonly DisplayName?: string
}

export interface SnsSubscriptionAttributes {
  readonly RawMessageDelivery?: 'true' | 'false' | (string & {})
  /** JSON text (AWS form); an object is accepted too. */
  readonly FilterPolicy?: string | object
  readonly FilterPolicyScope?: 'MessageAttributes' | 'MessageBody' | (string & {})
}

export interface SnsSubscription {
  readonly subscriptionArn: string
  readonly topicArn: string
  readonly protocol: 'sqs' | 'lambda'
  readonly endpoint: string
  readonly owner: string
  readonly rawMessageDelivery: boolean
  readonly filterPolicy: object | undefined
  readonly filterPolicyScope: 'MessageAttributes' | 'MessageBody'
  readonly attributes: Readonly<Record<string, string>>
}

export interface SnsDelivery {
  readonly subscriptionArn: string
  readonly protocol: 'sqs' | 'lambda'
  readonly endpoint: string
  readonly result: DeliveryResult
}

export interface SnsPublishedMessage {
  readonly messageId: string
  readonly topicArn: string
  readonly message: string
  readonly subject: string | undefined
  readonly messageAttributes: Readonly<Record<string, SnsMessageAttributeValue>>
  /** Virtual time of publication, ISO-8601 with milliseconds. */
  readonly timestamp: string
  readonly sequenceNumber?: string
  readonly messageGroupId?: string
  /** The `Lineage` of the request that published it (recursive loop detection; '' for none). */
  readonly lineage: Lineage
  /** One entry per subscription the message passed the filter policy of. */
  readonly deliveries: readonly SnsDelivery[]
  /** Subscriptions whose filter policy rejected the message. */
  readonly filteredOut: readonly string[]
}

export interface PublishInput {
  readonly topicArn: string
  readonly message: string
  readonly subject?: string
  readonly messageAttributes?: Readonly<Record<string, SnsMessageAttributeValue>>
  /** FIFO topics only. */
  readonly messageGroupId?: string
  readonly messageDeduplicationId?: string
}

export interface PublishBatchEntry extends Omit<PublishInput, 'topicArn'> {
  /** 1–80 characters: letters, digits, hyphens and underscores; distinct within the batch. */
  readonly id: string
}

export interface PublishBatchOutput {
  readonly successful: ReadonlyArray<{ readonly id: string; readonly messageId: string; readonly sequenceNumber?: string }>
  readonly failed: ReadonlyArray<{ readonly id: string; readonly code: string; readonly message: string; readonly senderFault: boolean }>
}

export interface SnsApi {
  /** Idempotent: the same name (and attributes) returns the existing topic. */
  createTopic(input: { name: string; attributes?: SnsTopicAttributes }): { topicArn: string }
  /** Idempotent, as in AWS: deleting a topic that does not exist is not an error. Its subscriptions go too. */
  deleteTopic(input: { topicArn: string }): void
  /** [SIM] Creation order, one page. */
  listTopics(): { topics: { topicArn: string }[] }
  getTopicAttributes(input: { topicArn: string }): { attributes: Record<string, string> }
  /**
   * Changes one topic attribute. `ContentBasedDeduplication` (FIFO topics) changes publishing; the
   * others (`DisplayName`, `Policy`, `DeliveryPolicy`, …) are stored and returned only. `FifoTopic`
   * cannot change.
   */
  setTopicAttributes(input: { topicArn: string; attributeName: string; attributeValue?: string }): void
  /**
   * Subscriptions to SQS queues and Lambda functions are confirmed at once (same account).
   * Idempotent for the same topic, protocol and endpoint.
   */
  subscribe(input: { topicArn: string; protocol: 'sqs' | 'lambda'; endpoint: string; attributes?: SnsSubscriptionAttributes }): {
    subscriptionArn: string
  }
  /**
   * Changes one subscription attribute: `RawMessageDelivery`, `FilterPolicy` (an empty value removes
   * it) or `FilterPolicyScope`. Other AWS attributes are refused: lambda-sim does not simulate them.
   */
  setSubscriptionAttributes(input: { subscriptionArn: string; attributeName: string; attributeValue?: string }): void
  unsubscribe(input: { subscriptionArn: string }): void
  listSubscriptionsByTopic(input: { topicArn: string }): {
    subscriptions: { subscriptionArn: string; owner: string; protocol: string; endpoint: string; topicArn: string }[]
  }
  /** [SIM] Every subscription of every topic, topics in creation order; one page. */
  listSubscriptions(): {
    subscriptions: { subscriptionArn: string; owner: string; protocol: string; endpoint: string; topicArn: string }[]
  }
  getSubscriptionAttributes(input: { subscriptionArn: string }): { attributes: Record<string, string> }
  publish(input: PublishInput): { messageId: string; sequenceNumber?: string }
  /**
   * Publishes up to 10 messages to one topic. The request fails as a whole for a missing topic, an
   * empty or oversized batch, or bad entry ids; otherwise each entry succeeds or fails on its own.
   */
  publishBatch(input: { topicArn: string; entries: readonly PublishBatchEntry[] }): PublishBatchOutput
  /** Every message published to the topic, in order (including those no subscription received). */
  publishedMessages(topicArn: string): readonly SnsPublishedMessage[]
}
