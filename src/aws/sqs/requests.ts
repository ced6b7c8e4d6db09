/**
 * What an SQS request must be, and the digests and sizes its answer carries: message attribute
 * rules, FIFO tokens, batch entries and their per-entry results, paging of queue URLs, attribute
 * name patterns, the MD5s of a body and of its attributes. Pure functions: the service keeps the
 * queues (service.ts).
 */
import { hash } from 'node:crypto'
import type { MessageAttribute } from '../../lambda/invoke/delivery.js'
import type { BatchResultErrorEntry, SqsMessageAttributes, SqsMessageAttributeValue } from './api.js'
import { SqsError, sqsErrors } from './errors.js'
import { md5OfMessageAttributeValues, type AttributeForDigest } from './md5.js'

/** Entries per batch request. */
const BATCH_MAX = 10
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/

export function md5(text: string | Uint8Array): string {
  // (One-shot `crypto.hash`: no Hash object per message.)
  return hash('md5', text, 'hex')
}

/** SQS's MD5 of the message attributes (see `model/sqs-md5.ts`), as the response field. */
export function md5Attributes(attributes: SqsMessageAttributes): { md5OfMessageAttributes?: string } {
  const forDigest: Record<string, AttributeForDigest> = {}
  for (const [name, value] of Object.entries(attributes)) {
    forDigest[name] =
      value.BinaryValue !== undefined
        ? { dataType: value.DataType, bytes: value.BinaryValue, binary: true }
        : { dataType: value.DataType, bytes: Buffer.from(value.StringValue ?? '', 'utf8'), binary: false }
  }
  const digest = md5OfMessageAttributeValues(forDigest)
  return digest === undefined ? {} : { md5OfMessageAttributes: digest }
}

export function messageSize(body: string, attributes: SqsMessageAttributes): number {
  let size = Buffer.byteLength(body, 'utf8')
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8')
    size += value.BinaryValue !== undefined ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '', 'utf8')
  }
  return size
}

export function validateMessageAttributes(attributes: SqsMessageAttributes): void {
  const names = Object.keys(attributes)
  if (names.length > 10) {
    throw new SqsError('InvalidParameterValue', `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`)
  }
  for (const name of names) {
    const value = attributes[name] as SqsMessageAttributeValue
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws\.|amazon\.)/i.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw new SqsError('InvalidParameterValue', `Message attribute name '${name}' is invalid.`)
    }
    const type = /^(String|Number|Binary)(\..+)?$/.exec(value.DataType)?.[1]
    if (type === undefined) {
      throw new SqsError('InvalidParameterValue', `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`)
    }
    if (type === 'Binary' ? value.BinaryValue === undefined || value.BinaryValue.length === 0 : value.StringValue === undefined || value.StringValue === '') {
      throw new SqsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`)
    }
    if (type === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.StringValue as string)) {
      throw new SqsError('InvalidParameterValue', `Can't cast the value of message (user) attribute '${name}' to a number.`)
    }
  }
}

/** FIFO group and deduplication ids: 1–128 characters, alphanumeric and punctuation. */
export function checkFifoToken(parameter: string, value: string): void {
  if (!/^[\x21-\x7E]{1,128}$/.test(value)) {
    throw sqsErrors.invalidValue(parameter, value, `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`)
  }
}

export function checkBatch(entries: ReadonlyArray<{ id: string }>, entryName: string): void {
  if (entries.length === 0) throw new SqsError('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`)
  if (entries.length > BATCH_MAX) {
    throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${BATCH_MAX}. You have sent ${entries.length}.`)
  }
  const seen = new Set<string>()
  for (const { id } of entries) {
    if (!BATCH_ID.test(id)) {
      throw new SqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.')
    }
    if (seen.has(id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`)
    seen.add(id)
  }
}

export function runBatch<E extends { id: string }>(entries: readonly E[], run: (entry: E) => void): { successful: Array<{ id: string }>; failed: BatchResultErrorEntry[] } {
  const successful: Array<{ id: string }> = []
  const failed: BatchResultErrorEntry[] = []
  for (const entry of entries) {
    try {
      run(entry)
      successful.push({ id: entry.id })
    } catch (error) {
      if (!(error instanceof SqsError)) throw error
      failed.push({ id: entry.id, senderFault: true, code: error.name, message: error.message })
    }
  }
  return { successful, failed }
}

/** Outbound attributes carry binary values as base64 text; SQS stores the bytes. */
export function fromOutboundAttributes(attributes: Readonly<Record<string, MessageAttribute>>): SqsMessageAttributes {
  const out: Record<string, SqsMessageAttributeValue> = {}
  for (const [name, value] of Object.entries(attributes)) {
    out[name] =
      value.DataType === 'Binary'
        ? { DataType: 'Binary', BinaryValue: new Uint8Array(Buffer.from(value.StringValue ?? '', 'base64')) }
        : { DataType: value.DataType, ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}) }
  }
  return out
}

/** `MaxResults` 1–1,000; `NextToken` only with `MaxResults`, as in AWS. */
export function checkPaging(maxResults: number | undefined, nextToken: string | undefined): void {
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && maxResults >= 1 && maxResults <= 1000)) {
    throw sqsErrors.invalidValue('MaxResults', maxResults, 'MaxResults must be an integer between 1 and 1000.')
  }
  if (nextToken !== undefined && maxResults === undefined) {
    throw sqsErrors.invalidValue('NextToken', nextToken, 'MaxResults is a mandatory parameter when you provide a value for NextToken.')
  }
}

/** One page of queue URLs; the token is the index of the next one. Everything when `maxResults` is absent. */
export function pageOf(urls: string[], maxResults: number | undefined, nextToken: string | undefined): { queueUrls: string[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : /^\d+$/.test(nextToken) ? Number(nextToken) : Number.NaN
  if (!Number.isInteger(start) || start < 0 || start > urls.length) throw sqsErrors.invalidValue('NextToken', nextToken, 'Invalid token.')
  if (maxResults === undefined) return { queueUrls: urls }
  const page = urls.slice(start, start + maxResults)
  return { queueUrls: page, ...(start + maxResults < urls.length ? { nextToken: String(start + maxResults) } : {}) }
}

export function matchesAttribute(pattern: string, name: string): boolean {
  if (pattern === 'All' || pattern === '.*') return true
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1))
  return pattern === name
}

/** The characters SQS allows in a body: #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. */
const INVALID_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/** A message body: not empty, and only the characters SQS allows. */
export function checkMessageBody(body: string): void {
  if (body.length === 0) throw sqsErrors.missing('MessageBody')
  const bad = INVALID_CHAR.exec(body)
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase()
    throw new SqsError(
      'InvalidMessageContents',
      `Invalid binary character '#x${code}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    )
  }
}

/**
 * [SIM] A message attribute named `__proto__` (a valid name on SQS) is refused as an invalid name:
 * parsed onto plain objects it would set their prototype and vanish silently.
 */
export function refuseProtoAttribute(entry: unknown): void {
  const attributes = (entry as { messageAttributes?: unknown } | null | undefined)?.messageAttributes
  if (typeof attributes === 'object' && attributes !== null && Object.hasOwn(attributes, '__proto__')) {
    throw new SqsError('InvalidParameterValue', `Message attribute name '__proto__' is invalid.`)
  }
}
