/**
 * Amazon SNS notifications as a Lambda subscriber receives them (`SNSEvent`) — the same records
 * `sim.sns.publish` delivers: `EventSource: 'aws:sns'`, `EventVersion: '1.0'`,
 * `EventSubscriptionArn`, and `Sns` with `Type`, `MessageId`, `TopicArn`, `Subject`, `Message`,
 * `Timestamp` (ISO-8601 with milliseconds), `SignatureVersion`, `Signature`, `SigningCertUrl`,
 * `UnsubscribeUrl` and `MessageAttributes` (`{ Type, Value }`).
 *
 * `Subject` is `null` when the publisher gave none, as AWS sends it (the `@types/aws-lambda` type
 * says `Subject?: string`). [SIM] The signature is a placeholder: nothing is signed.
 */
import type { SNSEvent, SNSEventRecord, SNSMessageAttribute } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { SNS_SIGNATURE_PLACEHOLDER, snsSigningCertUrl, snsUnsubscribeUrl } from '../aws/sns/notification-urls.js'
import { derivedUuid, isoMs, parseInput, resolveScope, resourceRef, scopeFields, timeInput, timeMs } from './common.js'

const BUILDER = 'snsEvent'

/** A message attribute: a string, a number, a string array, bytes, or the event's `{ Type, Value }`. */
const attributeInput = schemaOnFirstUse(() => z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.instanceof(Uint8Array),
  z.object({ Type: z.string().regex(/^(String|Number|Binary)(\..+)?$/), Value: z.string() }).strict(),
]))

const messageSchema = schemaOnFirstUse(() => z.union([
  z.string(),
  z
    .object({
      /** Text, or a JSON value (serialised). */
      message: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]),
      subject: z.string().max(100).optional(),
      messageAttributes: z.record(z.string(), attributeInput).optional(),
      messageId: z.string().optional(),
      /** Default: the event's time. */
      at: timeInput.optional(),
    })
    .strict(),
]))

const optionsSchema = schemaOnFirstUse(() => z
  .object({
    /** A topic name or ARN (default `my-topic`). */
    topic: z.string().min(1).optional(),
    /** The subscription's id, the last part of `EventSubscriptionArn` (default: derived). */
    subscriptionId: z.string().optional(),
    ...scopeFields,
  })
  .strict())

export type SnsMessageInput = z.input<typeof messageSchema>
export type SnsEventOptions = z.input<typeof optionsSchema>

function eventAttribute(value: z.output<typeof attributeInput>): SNSMessageAttribute {
  if (typeof value === 'string') return { Type: 'String', Value: value }
  if (typeof value === 'number') return { Type: 'Number', Value: String(value) }
  if (Array.isArray(value)) return { Type: 'String.Array', Value: JSON.stringify(value) }
  if (value instanceof Uint8Array) return { Type: 'Binary', Value: Buffer.from(value).toString('base64') }
  return { Type: value.Type, Value: value.Value }
}

/**
 * SNS notifications as a subscribed function receives them (AWS sends one record per event; pass
 * several messages to test batch-shaped code).
 *
 * @example
 * const event = snsEvent([{ message: 'Hello', subject: 'Greeting', messageAttributes: { kind: 'hello' } }], { topic: 'alerts' })
 * // event.Records[0].Sns.Message === 'Hello', event.Records[0].Sns.MessageAttributes.kind → { Type: 'String', Value: 'hello' }
 *
 * Gotchas: `Subject` is `null`, not missing, when there is none.
 */
export function snsEvent(messages: readonly SnsMessageInput[], options: SnsEventOptions = {}): SNSEvent {
  const parsedMessages = parseInput(BUILDER, z.array(messageSchema), messages)
  const parsed = parseInput(BUILDER, optionsSchema, options)
  const scope = resolveScope(BUILDER, parsed)
  const topic = resourceRef(BUILDER, 'topic', parsed.topic ?? 'my-topic', 'sns', scope, (region, accountId, name) => `arn:aws:sns:${region}:${accountId}:${name}`)
  const subscriptionArn = `${topic.arn}:${parsed.subscriptionId ?? derivedUuid(BUILDER, 'subscription', topic.arn)}`
  const Records = parsedMessages.map((message, index): SNSEventRecord => {
    const m: Exclude<z.output<typeof messageSchema>, string> = typeof message === 'string' ? { message } : message
    const text = typeof m.message === 'string' ? m.message : JSON.stringify(m.message)
    const atMs = m.at !== undefined ? timeMs(BUILDER, `messages.${index}.at`, m.at) : scope.atMs
    const MessageAttributes: Record<string, SNSMessageAttribute> = {}
    for (const [name, value] of Object.entries(m.messageAttributes ?? {})) MessageAttributes[name] = eventAttribute(value)
    return {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: subscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId: m.messageId ?? derivedUuid(BUILDER, topic.arn, index, text, m.subject ?? null, atMs),
        TopicArn: topic.arn,
        // AWS sends null for a missing subject; the type only knows string | undefined.
        Subject: m.subject ?? (null as unknown as undefined),
        Message: text,
        Timestamp: isoMs(atMs),
        SignatureVersion: '1',
        Signature: SNS_SIGNATURE_PLACEHOLDER,
        SigningCertUrl: snsSigningCertUrl(topic.region),
        UnsubscribeUrl: snsUnsubscribeUrl(topic.region, subscriptionArn),
        MessageAttributes,
      },
    }
  })
  return { Records }
}
