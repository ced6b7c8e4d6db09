/**
 * The SQS requests' shapes, as zod schemas (camelCase members of AWS's parameters). Their values
 * are checked by the service (service.ts, requests.ts), in AWS's order and words.
 */
import { z } from 'zod'
import { schemaOnFirstUse, schemasOnFirstUse } from '../../config/schema-on-first-use.js'

const attributeValue = schemaOnFirstUse(() => z.object({
  DataType: z.string(),
  StringValue: z.string().optional(),
  BinaryValue: z.instanceof(Uint8Array).optional(),
}))
const messageAttributes = schemaOnFirstUse(() => z.record(z.string(), attributeValue))

/** What one message carries, in SendMessage and in each SendMessageBatch entry. */
const messageFields = () => ({
  messageBody: z.string(),
  messageAttributes: messageAttributes.optional(),
  delaySeconds: z.number().optional(),
  messageGroupId: z.string().optional(),
  messageDeduplicationId: z.string().optional(),
  messageSystemAttributes: z
    .object({ AWSTraceHeader: z.object({ DataType: z.literal('String'), StringValue: z.string() }).strict().optional() })
    .strict()
    .optional(),
})
const stringMap = schemaOnFirstUse(() => z.record(z.string(), z.string()))
const names = schemaOnFirstUse(() => z.array(z.string()))

export const schemas = schemasOnFirstUse(() => ({
  createQueue: z.object({ queueName: z.string(), attributes: stringMap.optional(), tags: stringMap.optional() }).strict(),
  getQueueUrl: z.object({ queueName: z.string(), queueOwnerAWSAccountId: z.string().optional() }).strict(),
  listQueues: z.object({ queueNamePrefix: z.string().optional(), maxResults: z.number().optional(), nextToken: z.string().optional() }).strict(),
  queueUrl: z.object({ queueUrl: z.string() }).strict(),
  getQueueAttributes: z.object({ queueUrl: z.string(), attributeNames: names.optional() }).strict(),
  setQueueAttributes: z.object({ queueUrl: z.string(), attributes: stringMap }).strict(),
  sendMessage: z.object({ queueUrl: z.string(), ...messageFields() }).strict(),
  sendMessageBatch: z.object({ queueUrl: z.string(), entries: z.array(z.object({ id: z.string(), ...messageFields() }).strict()) }).strict(),
  receiveMessage: z
    .object({
      queueUrl: z.string(),
      maxNumberOfMessages: z.number().optional(),
      visibilityTimeout: z.number().optional(),
      waitTimeSeconds: z.number().optional(),
      attributeNames: names.optional(),
      messageSystemAttributeNames: names.optional(),
      messageAttributeNames: names.optional(),
      receiveRequestAttemptId: z.string().optional(),
    })
    .strict(),
  deleteMessage: z.object({ queueUrl: z.string(), receiptHandle: z.string() }).strict(),
  deleteMessageBatch: z.object({ queueUrl: z.string(), entries: z.array(z.object({ id: z.string(), receiptHandle: z.string() }).strict()) }).strict(),
  changeMessageVisibility: z.object({ queueUrl: z.string(), receiptHandle: z.string(), visibilityTimeout: z.number() }).strict(),
  tagQueue: z.object({ queueUrl: z.string(), tags: stringMap }).strict(),
  untagQueue: z.object({ queueUrl: z.string(), tagKeys: names }).strict(),
  listDeadLetterSourceQueues: z.object({ queueUrl: z.string(), maxResults: z.number().optional(), nextToken: z.string().optional() }).strict(),
  changeMessageVisibilityBatch: z
    .object({
      queueUrl: z.string(),
      entries: z.array(z.object({ id: z.string(), receiptHandle: z.string(), visibilityTimeout: z.number() }).strict()),
    })
    .strict(),
}))
