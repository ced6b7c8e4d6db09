/**
 * SQS messages as an event source mapping hands them to a function (`SQSRecord`), the same shape
 * as `sqsEvent` in `events/sqs.ts` builds (that builder sits above this layer, so the record is
 * assembled here from what `ReceiveMessage` returned), and the mapping's filter criteria over them.
 *
 * [U] A message that came to a dead-letter queue carries `DeadLetterQueueSourceArn` in `attributes`
 * (SQS returns it with `All`; whether Lambda passes it on is not documented).
 */
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda'
import type { SqsMessage } from '../aws/sqs/api.js'
import { matchesPattern, parsePattern } from '../model/event-pattern.js'
import type { FilterCriteria } from '../model/event-source-mapping.js'
import { copyPlainJson, jsonStringBytes, plainJsonBytes } from '../runtime/payload.js'

/** Lambda's record for one received message. */
export function sqsRecord(message: SqsMessage, queueArn: string, region: string): SQSRecord {
  const a = message.attributes
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: a['ApproximateReceiveCount'] as string,
    ...(a['AWSTraceHeader'] !== undefined ? { AWSTraceHeader: a['AWSTraceHeader'] } : {}),
    SentTimestamp: a['SentTimestamp'] as string,
    SenderId: a['SenderId'] as string,
    ApproximateFirstReceiveTimestamp: a['ApproximateFirstReceiveTimestamp'] as string,
  }
  if (a['SequenceNumber'] !== undefined) attributes.SequenceNumber = a['SequenceNumber']
  if (a['MessageGroupId'] !== undefined) attributes.MessageGroupId = a['MessageGroupId']
  if (a['MessageDeduplicationId'] !== undefined) attributes.MessageDeduplicationId = a['MessageDeduplicationId']
  if (a['DeadLetterQueueSourceArn'] !== undefined) (attributes as unknown as Record<string, string>)['DeadLetterQueueSourceArn'] = a['DeadLetterQueueSourceArn']
  const messageAttributes: Record<string, SQSMessageAttribute> = {}
  for (const [name, value] of Object.entries(message.messageAttributes ?? {})) {
    messageAttributes[name] =
      value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64'), stringListValues: [], binaryListValues: [], dataType: value.DataType }
        : { stringValue: value.StringValue ?? '', stringListValues: [], binaryListValues: [], dataType: value.DataType }
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes,
    messageAttributes,
    md5OfBody: message.md5OfBody,
    ...(message.md5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  }
}

/** A fresh copy of a record, as parsing its JSON would give it (each attempt's event gets its own). */
export function copySqsRecord(record: SQSRecord): SQSRecord {
  return { ...record, attributes: { ...record.attributes }, messageAttributes: copyPlainJson(record.messageAttributes) }
}

/**
 * UTF-8 size of `JSON.stringify(record)` for a record `sqsRecord` built, without building the text
 * (the poller needs every record's size for the 6 MB cap). Keys, ids, receipt handles, digests,
 * counters, timestamps and ARNs are printable ASCII with nothing to escape, so they count their
 * length and two quotes; the body, the FIFO ids, the trace header and the message attributes are
 * measured.
 */
export function sqsRecordBytes(record: SQSRecord): number {
  let bytes = 1
  for (const key in record) {
    const value = (record as unknown as Record<string, unknown>)[key]
    bytes += key.length + 4 // quotes, colon, and the comma or closing brace after the value
    if (key === 'body') bytes += jsonStringBytes(value as string)
    else if (key === 'attributes') bytes += attributesBytes(value as Record<string, string>)
    else if (key === 'messageAttributes') bytes += plainJsonBytes(value)
    else bytes += (value as string).length + 2
  }
  return bytes
}

const PLAIN_ATTRIBUTES = new Set(['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp', 'SequenceNumber'])

function attributesBytes(attributes: Record<string, string>): number {
  let bytes = 1
  let members = 0
  for (const key in attributes) {
    const value = attributes[key] as string
    bytes += key.length + 3 + (PLAIN_ATTRIBUTES.has(key) ? value.length + 2 : jsonStringBytes(value))
    members++
  }
  return bytes + (members === 0 ? 1 : members)
}

/**
 * A mapping's filter criteria as a predicate over records (§8.4): filters are OR-ed; the data key is
 * `body`. A pattern that names `body` with an object filters a JSON body (parsed); one that lists
 * values for `body` filters a plain-text body; a body of the other kind does not match (the message
 * is dropped). A pattern without `body` looks at the metadata only. `undefined` when there are no
 * filters (everything matches).
 *
 * [U] A body counts as JSON when it parses to an object or array; a body such as `42` or `"x"` is
 * plain text. An unparseable pattern (the control plane rejects those) matches nothing.
 */
export function recordFilter(criteria: FilterCriteria | undefined): ((record: SQSRecord) => boolean) | undefined {
  const filters = criteria?.filters ?? []
  if (filters.length === 0) return undefined
  const patterns: { pattern: object; body: 'none' | 'json' | 'plain' }[] = []
  for (const filter of filters) {
    const parsed = parsePattern(filter.pattern)
    if (!parsed.ok) continue
    const body = (parsed.pattern as Record<string, unknown>)['body']
    patterns.push({ pattern: parsed.pattern, body: body === undefined ? 'none' : Array.isArray(body) ? 'plain' : 'json' })
  }
  return (record) => {
    let json: unknown
    let isJson = false
    try {
      const value: unknown = JSON.parse(record.body)
      isJson = typeof value === 'object' && value !== null
      json = value
    } catch {
      isJson = false
    }
    for (const { pattern, body } of patterns) {
      if (body === 'json' && !isJson) continue
      if (body === 'plain' && isJson) continue
      const view = body === 'json' ? { ...record, body: json } : record
      if (matchesPattern(pattern, view)) return true
    }
    return false
  }
}
