/**
 * Amazon SQS as the simulation's users call it (`sim.sqs`): the service's verbs and
 * nothing of the machinery behind them. `SqsService` implements it.
 */
/** A message attribute as the SDK spells it. `DataType` is `String`, `Number`, `Binary`, optionally `.custom`. */
export interface SqsMessageAttributeValue {
  readonly DataType: string
  readonly StringValue?: string
  readonly BinaryValue?: Uint8Array
}

export type SqsMessageAttributes = Readonly<Record<string, SqsMessageAttributeValue>>

export interface CreateQueueInput {
  readonly queueName: string
  readonly attributes?: Readonly<Record<string, string>>
  readonly tags?: Readonly<Record<string, string>>
}

export interface SendMessageInput {
  readonly queueUrl: string
  readonly messageBody: string
  readonly messageAttributes?: SqsMessageAttributes
  readonly delaySeconds?: number
  readonly messageGroupId?: string
  readonly messageDeduplicationId?: string
  /**
   * `AWSTraceHeader`, the one system attribute a sender sets: the X-Ray header the message carries
   * (it wins over the request's `X-Amzn-Trace-Id`); returned by ReceiveMessage, in Lambda's SQS record.
   */
  readonly messageSystemAttributes?: { readonly AWSTraceHeader?: { readonly DataType: 'String'; readonly StringValue: string } }
}

export interface SendMessageOutput {
  readonly messageId: string
  readonly md5OfMessageBody: string
  readonly md5OfMessageAttributes?: string
  /** FIFO queues only: 20 digits, increasing per queue. */
  readonly sequenceNumber?: string
}

export interface SendMessageBatchEntry extends Omit<SendMessageInput, 'queueUrl'> {
  readonly id: string
}

export interface BatchResultErrorEntry {
  readonly id: string
  readonly senderFault: boolean
  readonly code: string
  readonly message: string
}

export interface SendMessageBatchOutput {
  readonly successful: ReadonlyArray<SendMessageOutput & { readonly id: string }>
  readonly failed: readonly BatchResultErrorEntry[]
}

export interface ReceiveMessageInput {
  readonly queueUrl: string
  /** 1–10, default 1. */
  readonly maxNumberOfMessages?: number
  /** Overrides the queue's VisibilityTimeout for these messages (0–43,200 s). */
  readonly visibilityTimeout?: number
  /** Validated (0–20) but never waited on: receives answer at once. */
  readonly waitTimeSeconds?: number
  /** System attributes to return (`All` for every one); none when omitted, as AWS does. */
  readonly attributeNames?: readonly string[]
  /** The newer spelling of `attributeNames`; both are honoured. */
  readonly messageSystemAttributeNames?: readonly string[]
  /** Message attributes to return: names, `prefix.*`, `All` or `.*`; none when omitted. */
  readonly messageAttributeNames?: readonly string[]
}

export interface SqsMessage {
  readonly messageId: string
  readonly receiptHandle: string
  readonly body: string
  readonly md5OfBody: string
  /** The requested system attributes (`ApproximateReceiveCount`, `SentTimestamp`, …). */
  readonly attributes: Readonly<Record<string, string>>
  readonly messageAttributes?: SqsMessageAttributes
  readonly md5OfMessageAttributes?: string
}

export interface ReceiveMessageOutput {
  readonly messages: readonly SqsMessage[]
}

/** What `peekMessages` shows: every message, without receiving it. */
export interface PeekedMessage {
  readonly messageId: string
  readonly body: string
  readonly state: 'visible' | 'delayed' | 'inFlight'
  readonly receiveCount: number
  readonly visibleAtMs: number
  readonly sentTimestamp: number
  readonly messageAttributes: SqsMessageAttributes
  readonly messageGroupId?: string
  readonly messageDeduplicationId?: string
  readonly sequenceNumber?: string
  readonly deadLetterQueueSourceArn?: string
}

export interface SqsApi {
  queueArn(name: string): string
  queueUrl(name: string): string
  createQueue(input: CreateQueueInput): { queueUrl: string }
  getQueueUrl(input?: { queueName: string; queueOwnerAWSAccountId?: string }): { queueUrl: string }
  /** Queue URLs in creation order; `nextToken` needs `maxResults` (1–1,000), as in AWS. */
  listQueues(input: { queueNamePrefix?: string; maxResults?: number; nextToken?: string }): { queueUrls: string[]; nextToken?: string }
  /**
   * The queues whose `RedrivePolicy` names this queue as their dead-letter queue, in creation order.
   * Paging as in `listQueues`.
   */
  listDeadLetterSourceQueues(input: { queueUrl: string; maxResults?: number; nextToken?: string }): { queueUrls: string[]; nextToken?: string }
  /** The queue's cost-allocation tags (given at creation or by `tagQueue`). */
  listQueueTags(input: { queueUrl: string }): { tags: Record<string, string> }
  /** Adds or overwrites tags; at most 50 per queue. */
  tagQueue(input: { queueUrl: string; tags: Readonly<Record<string, string>> }): void
  untagQueue(input: { queueUrl: string; tagKeys: readonly string[] }): void
  deleteQueue(input: { queueUrl: string }): void
  /** Attribute values are strings, as AWS sends them; none unless asked for (`All` for every one). */
  getQueueAttributes(input: { queueUrl: string; attributeNames?: readonly string[] }): { attributes: Record<string, string> }
  setQueueAttributes(input: { queueUrl: string; attributes: Readonly<Record<string, string>> }): void
  /** Deletes every message (in flight too). One purge per queue per 60 s. */
  purgeQueue(input: { queueUrl: string }): void
  sendMessage(input: SendMessageInput): SendMessageOutput
  sendMessageBatch(input: { queueUrl: string; entries: readonly SendMessageBatchEntry[] }): SendMessageBatchOutput
  /**
   * Returns up to `maxNumberOfMessages` visible messages at once (no long polling). A message that
   * was already received `maxReceiveCount` times moves to the dead-letter queue instead of being
   * returned. FIFO: messages of one group come in order, a group with a message in flight (or
   * delayed) yields nothing after it, and a batch is filled from as few groups as possible.
   */
  receiveMessage(input: ReceiveMessageInput): ReceiveMessageOutput
  deleteMessage(input: { queueUrl: string; receiptHandle: string }): void
  deleteMessageBatch(input: { queueUrl: string; entries: ReadonlyArray<{ id: string; receiptHandle: string }> }): {
    successful: Array<{ id: string }>
    failed: BatchResultErrorEntry[]
  }
  changeMessageVisibility(input: { queueUrl: string; receiptHandle: string; visibilityTimeout: number }): void
  changeMessageVisibilityBatch(input: {
    queueUrl: string
    entries: ReadonlyArray<{ id: string; receiptHandle: string; visibilityTimeout: number }>
  }): { successful: Array<{ id: string }>; failed: BatchResultErrorEntry[] }
  /** Every live message of the queue, visible or not, in queue order; changes nothing. */
  peekMessages(queueUrlOrArn: string): PeekedMessage[]
  /** The earliest future instant a hidden message (delayed or in flight) becomes visible, if any. */
  nextVisibleAtMs(queueUrlOrArn: string): number | undefined
  /** True when a queue with this ARN exists (for event-source mappings and destination checks). */
  hasQueue(arn: string): boolean
}
