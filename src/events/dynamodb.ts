/**
 * DynamoDB Streams batches as an event source mapping delivers them (`DynamoDBStreamEvent`).
 *
 * Keys and images are given as plain values and marshalled to DynamoDB's attribute-value form
 * (`{ S }`, `{ N }`, `{ BOOL }`, `{ NULL }`, `{ B }`, `{ L }`, `{ M }`, `{ SS }`, `{ NS }`, `{ BS }`).
 * The stream view type decides which images a record carries, as on AWS.
 */
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { derivedHex, invalid, parseInput, resolveScope, resourceRef, scopeFields, timeInput, timeMs } from './common.js'

const BUILDER = 'dynamoDbStreamEvent'

const item = schemaOnFirstUse(() => z.record(z.string(), z.unknown()))
const streamViewType = schemaOnFirstUse(() => z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']))

const recordSchema = schemaOnFirstUse(() => z
  .object({
    keys: item,
    newImage: item.optional(),
    oldImage: item.optional(),
    /** Default: `INSERT` with only a new image, `REMOVE` with only an old one, else `MODIFY`. */
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']).optional(),
    /** `ApproximateCreationDateTime` (default: the event's time). */
    at: timeInput.optional(),
    eventId: z.string().optional(),
    sequenceNumber: z.string().regex(/^\d+$/).optional(),
    /** A deletion by Time to Live: `userIdentity` says the DynamoDB service did it. */
    ttlRemoval: z.boolean().optional(),
  })
  .strict())

const optionsSchema = schemaOnFirstUse(() => z
  .object({
    /** A table name or stream ARN (default `my-table`). */
    table: z.string().min(1).optional(),
    /** Default `NEW_AND_OLD_IMAGES`. */
    streamViewType: streamViewType.optional(),
    ...scopeFields,
  })
  .strict())

export type DynamoDbStreamRecordInput = z.input<typeof recordSchema>
export type DynamoDbStreamEventOptions = z.input<typeof optionsSchema>

/** A plain value in DynamoDB's attribute-value form. */
export function marshallAttribute(value: unknown, path = 'value'): AttributeValue {
  if (value === null) return { NULL: true }
  if (typeof value === 'string') return { S: value }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(BUILDER, `${path}: DynamoDB numbers must be finite, got ${value}`)
    return { N: String(value) }
  }
  if (typeof value === 'bigint') return { N: value.toString() }
  if (typeof value === 'boolean') return { BOOL: value }
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') }
  if (Array.isArray(value)) return { L: value.map((v, i) => marshallAttribute(v, `${path}[${i}]`)) }
  if (value instanceof Set) {
    const members = [...(value as Set<unknown>)]
    if (members.length === 0) throw invalid(BUILDER, `${path}: DynamoDB sets cannot be empty`)
    if (members.every((m) => typeof m === 'string')) return { SS: members as string[] }
    if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) return { NS: members.map((m) => String(m)) }
    if (members.every((m) => m instanceof Uint8Array)) return { BS: (members as Uint8Array[]).map((m) => Buffer.from(m).toString('base64')) }
    throw invalid(BUILDER, `${path}: a set must hold only strings, only numbers or only bytes`)
  }
  if (typeof value === 'object' && value !== undefined) return { M: marshallItem(value as Record<string, unknown>, path) }
  throw invalid(BUILDER, `${path}: cannot be stored in DynamoDB (${typeof value})`)
}

/** Every attribute of `item` marshalled (`undefined` ones left out, as the document client does). */
export function marshallItem(item: Readonly<Record<string, unknown>>, path = 'item'): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const [name, value] of Object.entries(item)) if (value !== undefined) out[name] = marshallAttribute(value, `${path}.${name}`)
  return out
}

/** DynamoDB's item-size rule, approximately: attribute names plus values, in UTF-8 bytes. */
function sizeBytes(attributes: readonly (Record<string, AttributeValue> | undefined)[]): number {
  let bytes = 0
  const valueBytes = (value: AttributeValue): number => {
    if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8')
    if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1
    if (value.B !== undefined) return Buffer.from(value.B, 'base64').length
    if (value.BOOL !== undefined || value.NULL !== undefined) return 1
    if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0)
    if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k, 'utf8') + valueBytes(v), 0)
    if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0)
    if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + Math.ceil(n.length / 2) + 1, 0)
    if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0)
    return 0
  }
  for (const attributeMap of attributes) {
    for (const [name, value] of Object.entries(attributeMap ?? {})) bytes += Buffer.byteLength(name, 'utf8') + valueBytes(value)
  }
  return bytes
}

/**
 * A batch of DynamoDB stream records as Lambda receives it.
 *
 * @example
 * const event = dynamoDbStreamEvent([{ keys: { pk: 'order#7' }, newImage: { pk: 'order#7', total: 42 } }], { table: 'orders' })
 * // event.Records[0].eventName === 'INSERT', event.Records[0].dynamodb?.NewImage?.total === { N: '42' }
 *
 * Gotchas: numbers arrive as strings (`{ N: '42' }`); unmarshal them in the handler.
 */
export function dynamoDbStreamEvent(records: readonly DynamoDbStreamRecordInput[], options: DynamoDbStreamEventOptions = {}): DynamoDBStreamEvent {
  const parsedRecords = parseInput(BUILDER, z.array(recordSchema), records)
  const parsed = parseInput(BUILDER, optionsSchema, options)
  const scope = resolveScope(BUILDER, parsed)
  // The stream label is the stream's creation time; the simulation's default start stands in.
  const label = new Date(scope.atMs).toISOString().replace(/Z$/, '')
  const table = resourceRef(
    BUILDER,
    'table',
    parsed.table ?? 'my-table',
    'dynamodb',
    scope,
    (region, accountId, name) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}/stream/${label}`,
    (resource) => resource.split('/')[1] ?? resource,
  )
  const view = parsed.streamViewType ?? 'NEW_AND_OLD_IMAGES'
  const Records = parsedRecords.map((record, index): DynamoDBRecord => {
    const atMs = record.at !== undefined ? timeMs(BUILDER, `records.${index}.at`, record.at) : scope.atMs
    const eventName = record.eventName ?? (record.oldImage === undefined ? 'INSERT' : record.newImage === undefined ? 'REMOVE' : 'MODIFY')
    const Keys = marshallItem(record.keys, `records.${index}.keys`)
    const NewImage = record.newImage !== undefined && eventName !== 'REMOVE' && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? marshallItem(record.newImage, `records.${index}.newImage`) : undefined
    const OldImage = record.oldImage !== undefined && eventName !== 'INSERT' && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? marshallItem(record.oldImage, `records.${index}.oldImage`) : undefined
    const dynamodb: StreamRecord = {
      ApproximateCreationDateTime: Math.floor(atMs / 1000),
      Keys,
      ...(NewImage !== undefined ? { NewImage } : {}),
      ...(OldImage !== undefined ? { OldImage } : {}),
      SequenceNumber: record.sequenceNumber ?? (BigInt(atMs) * 10n ** 8n + BigInt(index + 1)).toString(),
      SizeBytes: sizeBytes([Keys, NewImage, OldImage]),
      StreamViewType: view,
    }
    return {
      eventID: record.eventId ?? derivedHex(32, BUILDER, table.arn, index, atMs, Keys),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: table.region,
      dynamodb,
      eventSourceARN: table.arn,
      ...(record.ttlRemoval === true ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    }
  })
  return { Records }
}
