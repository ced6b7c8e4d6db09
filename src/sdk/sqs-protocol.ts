/**
 * Amazon SQS over the AWS JSON 1.0 protocol, as the AWS SDK for JavaScript v3 speaks it:
 * `POST /` with `x-amz-target: AmazonSQS.<Operation>` and an `application/x-amz-json-1.0` body whose
 * members are the API's names (`QueueUrl`, `MessageBody`, …; blobs in base64). Each operation calls
 * the simulation's `SqsService`.
 *
 * Errors are JSON 1.0 errors in SQS's query-compatible form: the HTTP status of the exception,
 * `x-amzn-query-error: <legacy code>;Sender` and `{"__type":"com.amazonaws.sqs#<Name>","message":…}`,
 * from which the SDK builds its own classes (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`, …).
 * An `SqsError` is the service's answer; anything else thrown is a bug and propagates.
 *
 * [SIM] `WaitTimeSeconds` is validated but a receive answers at once (the service does no long
 * polling on the virtual clock). Operations lambda-sim does not simulate answer
 * `UnsupportedOperation` with a message naming lambda-sim.
 */
import type { SdkBackend } from './backend.js'
import type { SqsMessage, SqsMessageAttributes } from '../aws/sqs/api.js'
import { SqsError } from '../aws/sqs/errors.js'
import { compact, jsonObject, serviceRequestId, targetOperation, textResponse } from './protocol-support.js'
import type { ServiceProtocol, WireResponse } from './wire.js'

const CONTENT_TYPE = 'application/x-amz-json-1.0'

type Input = Record<string, unknown>
type Operation = (sim: SdkBackend, input: Input) => Record<string, unknown>

/** The service input built from wire members; types are checked by the service's own schemas. */
function args<T>(members: Record<string, unknown>): T {
  return compact(members) as T
}

/** Wire message attributes (`BinaryValue` in base64) to the service's shape (bytes). */
function attributesIn(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const [name, attribute] of Object.entries(value as Record<string, unknown>)) {
    if (attribute === null || typeof attribute !== 'object') {
      out[name] = attribute
      continue
    }
    const { DataType, StringValue, BinaryValue, StringListValues, BinaryListValues } = attribute as Record<string, unknown>
    if ((Array.isArray(StringListValues) && StringListValues.length > 0) || (Array.isArray(BinaryListValues) && BinaryListValues.length > 0)) {
      throw new SqsError('InvalidParameterValue', `lambda-sim does not simulate StringListValues or BinaryListValues (message attribute '${name}'); AWS reserves them for future use.`)
    }
    out[name] = compact({ DataType, StringValue, BinaryValue: typeof BinaryValue === 'string' ? new Uint8Array(Buffer.from(BinaryValue, 'base64')) : BinaryValue })
  }
  return out
}

function attributesOut(attributes: SqsMessageAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = compact({
      DataType: value.DataType,
      StringValue: value.StringValue,
      BinaryValue: value.BinaryValue === undefined ? undefined : Buffer.from(value.BinaryValue).toString('base64'),
    })
  }
  return out
}

/** The fields one message carries (SendMessage and each SendMessageBatch entry). */
function messageIn(input: Input): Record<string, unknown> {
  const system = input['MessageSystemAttributes']
  let messageSystemAttributes: unknown
  if (system !== undefined && system !== null) {
    const names = Object.keys(system as object)
    // AWSTraceHeader is the only system attribute a sender may set.
    const other = names.find((name) => name !== 'AWSTraceHeader')
    if (other !== undefined) throw new SqsError('InvalidParameterValue', `Message system attribute name '${other}' is invalid.`)
    if (names.length > 0) messageSystemAttributes = system
  }
  return {
    messageSystemAttributes,
    messageBody: input['MessageBody'],
    messageAttributes: attributesIn(input['MessageAttributes']),
    delaySeconds: input['DelaySeconds'],
    messageGroupId: input['MessageGroupId'],
    messageDeduplicationId: input['MessageDeduplicationId'],
  }
}

function entriesOf(input: Input): Input[] {
  const entries = input['Entries']
  return Array.isArray(entries) ? entries.map((entry) => (entry !== null && typeof entry === 'object' ? (entry as Input) : {})) : (entries as never)
}

function messageOut(message: SqsMessage): Record<string, unknown> {
  return compact({
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    Attributes: Object.keys(message.attributes).length > 0 ? message.attributes : undefined,
    MD5OfMessageAttributes: message.md5OfMessageAttributes,
    MessageAttributes: message.messageAttributes === undefined ? undefined : attributesOut(message.messageAttributes),
  })
}

function batchOut(result: { successful: ReadonlyArray<Record<string, unknown>>; failed: ReadonlyArray<{ id: string; senderFault: boolean; code: string; message: string }> }): Record<string, unknown> {
  return {
    Successful: result.successful,
    Failed: result.failed.map((f) => ({ Id: f.id, SenderFault: f.senderFault, Code: f.code, Message: f.message })),
  }
}

const nothing = (): Record<string, unknown> => ({})

const operations: Record<string, Operation> = {
  CreateQueue: (sim, i) => ({ QueueUrl: sim.sqs.createQueue(args({ queueName: i['QueueName'], attributes: i['Attributes'], tags: i['tags'] })).queueUrl }),
  GetQueueUrl: (sim, i) => ({ QueueUrl: sim.sqs.getQueueUrl(args({ queueName: i['QueueName'], queueOwnerAWSAccountId: i['QueueOwnerAWSAccountId'] })).queueUrl }),
  ListQueues: (sim, i) => {
    const { queueUrls, nextToken } = sim.sqs.listQueues(args({ queueNamePrefix: i['QueueNamePrefix'], maxResults: i['MaxResults'], nextToken: i['NextToken'] }))
    return compact({ QueueUrls: queueUrls.length > 0 ? queueUrls : undefined, NextToken: nextToken })
  },
  DeleteQueue: (sim, i) => (sim.sqs.deleteQueue(args({ queueUrl: i['QueueUrl'] })), nothing()),
  GetQueueAttributes: (sim, i) => {
    const { attributes } = sim.sqs.getQueueAttributes(args({ queueUrl: i['QueueUrl'], attributeNames: i['AttributeNames'] }))
    return compact({ Attributes: Object.keys(attributes).length > 0 ? attributes : undefined })
  },
  SetQueueAttributes: (sim, i) => (sim.sqs.setQueueAttributes(args({ queueUrl: i['QueueUrl'], attributes: i['Attributes'] })), nothing()),
  PurgeQueue: (sim, i) => (sim.sqs.purgeQueue(args({ queueUrl: i['QueueUrl'] })), nothing()),
  ListQueueTags: (sim, i) => {
    const { tags } = sim.sqs.listQueueTags(args({ queueUrl: i['QueueUrl'] }))
    return compact({ Tags: Object.keys(tags).length > 0 ? tags : undefined })
  },
  TagQueue: (sim, i) => (sim.sqs.tagQueue(args({ queueUrl: i['QueueUrl'], tags: i['Tags'] })), nothing()),
  UntagQueue: (sim, i) => (sim.sqs.untagQueue(args({ queueUrl: i['QueueUrl'], tagKeys: i['TagKeys'] })), nothing()),
  ListDeadLetterSourceQueues: (sim, i) => {
    const { queueUrls, nextToken } = sim.sqs.listDeadLetterSourceQueues(args({ queueUrl: i['QueueUrl'], maxResults: i['MaxResults'], nextToken: i['NextToken'] }))
    return compact({ queueUrls, NextToken: nextToken })
  },
  SendMessage: (sim, i) => {
    const sent = sim.sqs.sendMessage(args({ queueUrl: i['QueueUrl'], ...messageIn(i) }))
    return compact({ MD5OfMessageBody: sent.md5OfMessageBody, MD5OfMessageAttributes: sent.md5OfMessageAttributes, MessageId: sent.messageId, SequenceNumber: sent.sequenceNumber })
  },
  SendMessageBatch: (sim, i) => {
    const entries = entriesOf(i)
    const result = sim.sqs.sendMessageBatch(args({ queueUrl: i['QueueUrl'], entries: Array.isArray(entries) ? entries.map((e) => compact({ id: e['Id'], ...messageIn(e) })) : entries }))
    return batchOut({
      successful: result.successful.map((s) =>
        compact({ Id: s.id, MessageId: s.messageId, MD5OfMessageBody: s.md5OfMessageBody, MD5OfMessageAttributes: s.md5OfMessageAttributes, SequenceNumber: s.sequenceNumber }),
      ),
      failed: result.failed,
    })
  },
  ReceiveMessage: (sim, i) => {
    const { messages } = sim.sqs.receiveMessage(
      args({
        queueUrl: i['QueueUrl'],
        maxNumberOfMessages: i['MaxNumberOfMessages'],
        visibilityTimeout: i['VisibilityTimeout'],
        waitTimeSeconds: i['WaitTimeSeconds'],
        attributeNames: i['AttributeNames'],
        messageSystemAttributeNames: i['MessageSystemAttributeNames'],
        messageAttributeNames: i['MessageAttributeNames'],
        receiveRequestAttemptId: i['ReceiveRequestAttemptId'],
      }),
    )
    return compact({ Messages: messages.length > 0 ? messages.map(messageOut) : undefined })
  },
  DeleteMessage: (sim, i) => (sim.sqs.deleteMessage(args({ queueUrl: i['QueueUrl'], receiptHandle: i['ReceiptHandle'] })), nothing()),
  DeleteMessageBatch: (sim, i) => {
    const entries = entriesOf(i)
    const result = sim.sqs.deleteMessageBatch(args({ queueUrl: i['QueueUrl'], entries: Array.isArray(entries) ? entries.map((e) => compact({ id: e['Id'], receiptHandle: e['ReceiptHandle'] })) : entries }))
    return batchOut({ successful: result.successful.map((s) => ({ Id: s.id })), failed: result.failed })
  },
  ChangeMessageVisibility: (sim, i) =>
    (sim.sqs.changeMessageVisibility(args({ queueUrl: i['QueueUrl'], receiptHandle: i['ReceiptHandle'], visibilityTimeout: i['VisibilityTimeout'] })), nothing()),
  ChangeMessageVisibilityBatch: (sim, i) => {
    const entries = entriesOf(i)
    const result = sim.sqs.changeMessageVisibilityBatch(
      args({
        queueUrl: i['QueueUrl'],
        entries: Array.isArray(entries) ? entries.map((e) => compact({ id: e['Id'], receiptHandle: e['ReceiptHandle'], visibilityTimeout: e['VisibilityTimeout'] })) : entries,
      }),
    )
    return batchOut({ successful: result.successful.map((s) => ({ Id: s.id })), failed: result.failed })
  },
}

/** SQS operations that exist in AWS but not in lambda-sim. */
const UNSIMULATED = new Set(['AddPermission', 'RemovePermission', 'StartMessageMoveTask', 'CancelMessageMoveTask', 'ListMessageMoveTasks'])

/** The operations the SQS protocol answers, for documentation and tests. */
export const SQS_OPERATIONS: readonly string[] = Object.keys(operations)

function errorResponse(requestId: string, error: SqsError): WireResponse {
  return textResponse(error.statusCode, CONTENT_TYPE, requestId, JSON.stringify(error.toJSON()), { 'x-amzn-query-error': `${error.code};Sender` })
}

/** A JSON 1.0 error that is not one of SQS's exceptions (unknown operation, unreadable body). */
function protocolError(requestId: string, type: string, message: string): WireResponse {
  return textResponse(400, CONTENT_TYPE, requestId, JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message }), { 'x-amzn-query-error': `${type};Sender` })
}

export const sqsProtocol: ServiceProtocol = async (sim, request, body) => {
  const requestId = serviceRequestId(sim)
  const name = targetOperation(request, 'AmazonSQS')
  const operation = name === undefined ? undefined : operations[name]
  if (operation === undefined) {
    if (name !== undefined && UNSIMULATED.has(name)) {
      return errorResponse(requestId, new SqsError('UnsupportedOperation', `lambda-sim does not simulate the SQS operation ${name}.`))
    }
    return protocolError(requestId, 'UnknownOperationException', `lambda-sim does not know the SQS operation ${name ?? '(no x-amz-target header)'}.`)
  }
  const input = jsonObject(body)
  if (input === undefined) return protocolError(requestId, 'SerializationException', 'The request body is not a JSON object.')
  try {
    return textResponse(200, CONTENT_TYPE, requestId, JSON.stringify(operation(sim, input)))
  } catch (error) {
    if (error instanceof SqsError) return errorResponse(requestId, error)
    throw error
  }
}
