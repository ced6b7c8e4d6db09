/**
 * Amazon SQS batches as an event source mapping delivers them (`SQSEvent`).
 *
 * Each record has the fields Lambda sends: `messageId`, `receiptHandle`, `body`, the system
 * `attributes` as strings (`ApproximateReceiveCount`, `SentTimestamp` in epoch ms, `SenderId`,
 * `ApproximateFirstReceiveTimestamp`; for FIFO queues `SequenceNumber`, `MessageGroupId`,
 * `MessageDeduplicationId`), `messageAttributes` in Lambda's lower-camel form, `md5OfBody`,
 * `md5OfMessageAttributes` (only when there are attributes), `eventSource: 'aws:sqs'`,
 * `eventSourceARN` and `awsRegion`.
 *
 * [SIM] `SenderId` is the account id, as in `sim.sqs`.
 */
import type { SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda'
import { createHash } from 'node:crypto'
import { md5OfMessageAttributeValues, type AttributeForDigest } from '../aws/sqs/md5.js'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { derivedBase64, derivedUuid, invalid, md5Hex, parseInput, resolveScope, resourceRef, scopeFields, timeInput, timeMs } from './common.js'

const BUILDER = 'sqsEvent'

/** A message attribute: a string, a number, bytes, or the full form. */
const attributeInput = schemaOnFirstUse(() => z.union([
  z.string(),
  z.number(),
  z.instanceof(Uint8Array),
  z
    .object({
      dataType: z.string().regex(/^(String|Number|Binary)(\..+)?$/, { message: 'expected String, Number or Binary (optionally .custom)' }),
      stringValue: z.string().optional(),
      binaryValue: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
    })
    .strict(),
]))

const messageSchema = schemaOnFirstUse(() => z.union([
  z.string(),
  z
    .object({
      /** Text, or a JSON value (serialised). */
      body: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]),
      messageId: z.string().optional(),
      receiptHandle: z.string().optional(),
      messageAttributes: z.record(z.string(), attributeInput).optional(),
      /** `ApproximateReceiveCount` (default 1). */
      receiveCount: z.number().int().min(1).optional(),
      /** `SentTimestamp` (default: the event's time). */
      sentAt: timeInput.optional(),
      /** `ApproximateFirstReceiveTimestamp` (default: the event's time). */
      firstReceivedAt: timeInput.optional(),
      /** FIFO queues: required. */
      messageGroupId: z.string().optional(),
      /** FIFO queues: default the SHA-256 of the body (content-based deduplication). */
      messageDeduplicationId: z.string().optional(),
      /** `AWSTraceHeader`, when the sender was traced. */
      awsTraceHeader: z.string().optional(),
    })
    .strict(),
]))

const optionsSchema = schemaOnFirstUse(() => z
  .object({
    /** A queue name or ARN (default `my-queue`); a name ending in `.fifo` is a FIFO queue. */
    queue: z.string().min(1).optional(),
    ...scopeFields,
  })
  .strict())

export type SqsMessageInput = z.input<typeof messageSchema>
export type SqsEventOptions = z.input<typeof optionsSchema>

function lambdaAttribute(value: z.output<typeof attributeInput>): SQSMessageAttribute {
  if (typeof value === 'string') return { stringValue: value, stringListValues: [], binaryListValues: [], dataType: 'String' }
  if (typeof value === 'number') return { stringValue: String(value), stringListValues: [], binaryListValues: [], dataType: 'Number' }
  if (value instanceof Uint8Array) return { binaryValue: Buffer.from(value).toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' }
  if (value.dataType.startsWith('Binary')) {
    const binary = value.binaryValue ?? ''
    return {
      binaryValue: typeof binary === 'string' ? binary : Buffer.from(binary).toString('base64'),
      stringListValues: [],
      binaryListValues: [],
      dataType: value.dataType,
    }
  }
  return { stringValue: value.stringValue ?? '', stringListValues: [], binaryListValues: [], dataType: value.dataType }
}

/** SQS's MD5 of the message attributes (see `model/sqs-md5.ts`); `undefined` when there are none. */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, SQSMessageAttribute>>): string | undefined {
  const forDigest: Record<string, AttributeForDigest> = {}
  for (const [name, attribute] of Object.entries(attributes)) {
    forDigest[name] =
      attribute.binaryValue !== undefined
        ? { dataType: attribute.dataType, bytes: Buffer.from(attribute.binaryValue, 'base64'), binary: true }
        : { dataType: attribute.dataType, bytes: Buffer.from(attribute.stringValue ?? '', 'utf8'), binary: false }
  }
  return md5OfMessageAttributeValues(forDigest)
}

/**
 * A batch of SQS messages as Lambda receives it from an event source mapping.
 *
 * @example
 * const event = sqsEvent(['first', { body: { orderId: 7 }, messageAttributes: { kind: 'order' } }], { queue: 'orders' })
 * // event.Records[1].body === '{"orderId":7}', event.Records[1].attributes.ApproximateReceiveCount === '1'
 *
 * Gotchas: `body` is always a string — parse JSON in the handler, as on AWS. For a `.fifo` queue
 * every message needs a `messageGroupId`.
 */
export function sqsEvent(messages: readonly SqsMessageInput[], options: SqsEventOptions = {}): SQSEvent {
  const parsedMessages = parseInput(BUILDER, z.array(messageSchema), messages)
  const parsed = parseInput(BUILDER, optionsSchema, options)
  const scope = resolveScope(BUILDER, parsed)
  const queue = resourceRef(BUILDER, 'queue', parsed.queue ?? 'my-queue', 'sqs', scope, (region, accountId, name) => `arn:aws:sqs:${region}:${accountId}:${name}`)
  const fifo = queue.name.endsWith('.fifo')

  const Records = parsedMessages.map((message, index): SQSRecord => {
    const m: Exclude<z.output<typeof messageSchema>, string> = typeof message === 'string' ? { body: message } : message
    const body = typeof m.body === 'string' ? m.body : JSON.stringify(m.body)
    const sentMs = m.sentAt !== undefined ? timeMs(BUILDER, `messages.${index}.sentAt`, m.sentAt) : scope.atMs
    const firstReceivedMs = m.firstReceivedAt !== undefined ? timeMs(BUILDER, `messages.${index}.firstReceivedAt`, m.firstReceivedAt) : scope.atMs
    const key = [BUILDER, queue.arn, index, body, sentMs, scope.atMs]
    const attributes: SQSRecordAttributes = {
      ApproximateReceiveCount: String(m.receiveCount ?? 1),
      ...(m.awsTraceHeader !== undefined ? { AWSTraceHeader: m.awsTraceHeader } : {}),
      SentTimestamp: String(sentMs),
      SenderId: queue.accountId,
      ApproximateFirstReceiveTimestamp: String(firstReceivedMs),
    }
    if (fifo) {
      const groupId = m.messageGroupId
      if (groupId === undefined) throw invalid(BUILDER, `messages.${index}: messageGroupId is required for FIFO queue ${queue.name}`)
      attributes.SequenceNumber = (10n ** 19n + BigInt(sentMs) * 1000n + BigInt(index)).toString()
      attributes.MessageGroupId = groupId
      attributes.MessageDeduplicationId = m.messageDeduplicationId ?? createHash('sha256').update(body).digest('hex')
    } else if (m.messageGroupId !== undefined) {
      attributes.MessageGroupId = m.messageGroupId
    }
    const messageAttributes: Record<string, SQSMessageAttribute> = {}
    for (const [name, value] of Object.entries(m.messageAttributes ?? {})) messageAttributes[name] = lambdaAttribute(value)
    const md5Attributes = md5OfMessageAttributes(messageAttributes)
    return {
      messageId: m.messageId ?? derivedUuid(key),
      receiptHandle: m.receiptHandle ?? `AQEB${derivedBase64(64, 'receipt', key)}`,
      body,
      attributes,
      messageAttributes,
      md5OfBody: md5Hex(body),
      ...(md5Attributes !== undefined ? { md5OfMessageAttributes: md5Attributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: queue.region,
    }
  })
  return { Records }
}
