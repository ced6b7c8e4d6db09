/**
 * An in-memory Amazon DynamoDB table store with DynamoDB Streams, on the virtual clock, as far as
 * event source mappings need it: tables keyed by a partition key (and optionally a sort key), items
 * in DynamoDB's JSON form, and each table's stream. A write that changes an item appends a stream
 * record — `INSERT` for a new item, `MODIFY` for a changed one, `REMOVE` for a deleted one — with
 * `Keys`, and `NewImage` / `OldImage` as the stream's view type says, a `SequenceNumber` increasing per
 * shard, `SizeBytes` and `ApproximateCreationDateTime` (epoch seconds of the virtual now). A write
 * that changes nothing writes no record, as DynamoDB Streams does.
 *
 * Nothing is scheduled on the kernel; the pollers of event source mappings are told of each new
 * record through a callback given at construction.
 *
 * [SIM] One shard per stream (AWS splits a stream into shards by partition and over time); no
 * condition or update expressions (the legacy `AttributeUpdates` instead), no queries, scans,
 * indexes, capacity or TTL; `SizeBytes` follows DynamoDB's item-size rules approximately; records
 * past 24 h stay in memory (the pollers treat them as expired).
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { schemaOnFirstUse, schemasOnFirstUse } from '../../config/schema-on-first-use.js'
import { awsParser } from '../../config/aws-validation.js'
import type { Kernel } from '../../kernel/kernel.js'
import type {
  AttributeUpdates,
  AttributeValue,
  CreateTableInput,
  DynamoDbApi,
  DynamoDbStreamRecord,
  Item,
  KeySchemaElement,
  StreamViewType,
  TableDescription,
} from './api.js'
import { dynamoDbErrors, dynamoDbValidationError } from './errors.js'

export interface DynamoDbScope {
  readonly region: string
  readonly accountId: string
}

/** A stream record as the stream keeps it, with what the pollers need. */
export interface StoredDdbRecord {
  readonly record: DynamoDbStreamRecord
  readonly sequenceNumber: string
  readonly arrivalMs: number
  /** The item's partition key value, canonical JSON (per-key ordering with a parallelization factor). */
  readonly partitionKey: string
}

interface TableStream {
  readonly arn: string
  readonly label: string
  readonly viewType: StreamViewType
  readonly shardId: string
  readonly records: StoredDdbRecord[]
}

interface Table {
  readonly name: string
  readonly arn: string
  readonly keySchema: readonly KeySchemaElement[]
  readonly createdMs: number
  readonly items: Map<string, Item>
  stream: TableStream | undefined
}

const RETENTION_MS = 24 * 3_600_000
const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/
const viewTypes = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] as const
const itemSchema = schemaOnFirstUse(() => z.record(z.string(), z.any()))
const schemas = schemasOnFirstUse(() => ({
  createTable: z
    .object({
      tableName: z.string().min(3).max(255).regex(TABLE_NAME),
      keySchema: z.array(z.object({ attributeName: z.string().min(1).max(255), keyType: z.enum(['HASH', 'RANGE']) }).strict()).min(1).max(2),
      attributeDefinitions: z.array(z.object({ attributeName: z.string(), attributeType: z.enum(['S', 'N', 'B']) }).strict()).optional(),
      billingMode: z.enum(['PROVISIONED', 'PAY_PER_REQUEST']).optional(),
      streamSpecification: z.object({ streamEnabled: z.boolean().optional(), streamViewType: z.enum(viewTypes).optional() }).strict().optional(),
    })
    .strict(),
  table: z.object({ tableName: z.string().min(1).max(1024) }).strict(),
  updateTable: z
    .object({ tableName: z.string().min(1).max(1024), streamSpecification: z.object({ streamEnabled: z.boolean(), streamViewType: z.enum(viewTypes).optional() }).strict() })
    .strict(),
  putItem: z.object({ tableName: z.string().min(1).max(1024), item: itemSchema, returnValues: z.enum(['NONE', 'ALL_OLD']).optional() }).strict(),
  getItem: z.object({ tableName: z.string().min(1).max(1024), key: itemSchema }).strict(),
  updateItem: z
    .object({
      tableName: z.string().min(1).max(1024),
      key: itemSchema,
      attributeUpdates: z.record(z.string(), z.object({ Action: z.enum(['PUT', 'DELETE', 'ADD']).optional(), Value: z.any().optional() }).strict()).optional(),
      returnValues: z.enum(['NONE', 'ALL_OLD', 'ALL_NEW']).optional(),
    })
    .strict(),
  deleteItem: z.object({ tableName: z.string().min(1).max(1024), key: itemSchema, returnValues: z.enum(['NONE', 'ALL_OLD']).optional() }).strict(),
  streamRecords: z.object({ streamArn: z.string() }).strict(),
}))

const parse = awsParser(dynamoDbValidationError)

/** JSON with sorted keys and binary as base64: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'))
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** DynamoDB's item-size rules, approximately: names in UTF-8 bytes plus each value's size. */
function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S)
  if ('N' in value) return Math.ceil(value.N.replace(/^[-+]|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1
  if ('B' in value) return typeof value.B === 'string' ? Buffer.from(value.B, 'base64').length : value.B.length
  if ('BOOL' in value || 'NULL' in value) return 1
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0)
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + valueSize({ N: n }), 0)
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + valueSize({ B: b }), 0)
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0)
  if ('M' in value) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueSize(v), 0)
  return 0
}

function itemSize(item: Item | undefined): number {
  if (item === undefined) return 0
  let size = 0
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value)
  return size
}

const clone = <T>(value: T): T => structuredClone(value)

export class DynamoDbService implements DynamoDbApi {
  private readonly tables = new Map<string, Table>()
  private readonly streams = new Map<string, { table: Table; stream: TableStream }>()
  private sequence = 0

  constructor(
    private readonly kernel: Kernel,
    private readonly scope: DynamoDbScope,
    /** Tells the pollers a record was written to the stream `streamArn`. */
    private readonly recordAdded: (streamArn: string) => void = () => {},
  ) {}

  createTable(input: CreateTableInput): { tableDescription: TableDescription } {
    const parsed = parse(schemas.createTable, input)
    const hashKeys = parsed.keySchema.filter((key) => key.keyType === 'HASH')
    if (hashKeys.length !== 1 || parsed.keySchema[0]?.keyType !== 'HASH') {
      throw dynamoDbErrors.invalid('Invalid KeySchema: The first KeySchemaElement is not a HASH key type')
    }
    if (this.tables.has(parsed.tableName)) throw dynamoDbErrors.tableExists(parsed.tableName)
    const spec = parsed.streamSpecification
    if (spec?.streamEnabled === true && spec.streamViewType === undefined) {
      throw dynamoDbErrors.validation('1 validation error detected: Value null at \'streamSpecification.streamViewType\' failed to satisfy constraint: StreamViewType is required when streams are enabled')
    }
    const table: Table = {
      name: parsed.tableName,
      arn: `arn:aws:dynamodb:${this.scope.region}:${this.scope.accountId}:table/${parsed.tableName}`,
      keySchema: parsed.keySchema.map((key) => ({ ...key })),
      createdMs: this.kernel.nowMs,
      items: new Map(),
      stream: undefined,
    }
    this.tables.set(table.name, table)
    // A view type alone turns the stream on (the SDK sends StreamEnabled; the facade need not).
    if (spec !== undefined && spec.streamEnabled !== false && spec.streamViewType !== undefined) this.openStream(table, spec.streamViewType)
    return { tableDescription: this.describe(table) }
  }

  describeTable(input: { tableName: string }): { table: TableDescription } {
    return { table: this.describe(this.tableOf(parse(schemas.table, input).tableName)) }
  }

  deleteTable(input: { tableName: string }): { tableDescription: TableDescription } {
    const table = this.tableOf(parse(schemas.table, input).tableName)
    this.tables.delete(table.name)
    return { tableDescription: this.describe(table) }
  }

  updateTable(input: { tableName: string; streamSpecification: { streamEnabled: boolean; streamViewType?: StreamViewType } }): { tableDescription: TableDescription } {
    const parsed = parse(schemas.updateTable, input)
    const table = this.tableOf(parsed.tableName)
    const spec = parsed.streamSpecification
    if (spec.streamEnabled) {
      if (table.stream !== undefined) throw dynamoDbErrors.validation(`Table already has an enabled stream: ${table.stream.arn}`)
      if (spec.streamViewType === undefined) throw dynamoDbErrors.validation('StreamViewType is required when streams are enabled')
      this.openStream(table, spec.streamViewType)
    } else {
      if (table.stream === undefined) throw dynamoDbErrors.validation('Table already has no stream enabled')
      // The stream stays readable (its records remain), but no new records are written.
      table.stream = undefined
    }
    return { tableDescription: this.describe(table) }
  }

  putItem(input: { tableName: string; item: Item; returnValues?: 'NONE' | 'ALL_OLD' }): { attributes?: Item } {
    const parsed = parse(schemas.putItem, input)
    const table = this.tableOf(parsed.tableName)
    const item = clone(parsed.item as Item)
    const key = this.keyOf(table, item, 'item')
    const old = table.items.get(key.id)
    table.items.set(key.id, item)
    this.written(table, key.key, old, item)
    return parsed.returnValues === 'ALL_OLD' && old !== undefined ? { attributes: clone(old) } : {}
  }

  getItem(input: { tableName: string; key: Item }): { item?: Item } {
    const parsed = parse(schemas.getItem, input)
    const table = this.tableOf(parsed.tableName)
    const item = table.items.get(this.exactKey(table, parsed.key as Item).id)
    return item === undefined ? {} : { item: clone(item) }
  }

  updateItem(input: { tableName: string; key: Item; attributeUpdates?: AttributeUpdates; returnValues?: 'NONE' | 'ALL_OLD' | 'ALL_NEW' }): { attributes?: Item } {
    const parsed = parse(schemas.updateItem, input)
    const table = this.tableOf(parsed.tableName)
    const key = this.exactKey(table, parsed.key as Item)
    const old = table.items.get(key.id)
    const next: Record<string, AttributeValue> = { ...clone(old ?? {}), ...clone(key.key) }
    for (const [name, update] of Object.entries((parsed.attributeUpdates ?? {}) as AttributeUpdates)) {
      if (table.keySchema.some((element) => element.attributeName === name)) {
        throw dynamoDbErrors.invalid(`Cannot update attribute ${name}. This attribute is part of the key`)
      }
      const action = update.Action ?? 'PUT'
      if (action === 'DELETE') {
        delete next[name]
      } else if (update.Value === undefined) {
        throw dynamoDbErrors.invalid(`Only DELETE action is allowed when no attribute value is specified`)
      } else if (action === 'ADD' && 'N' in update.Value) {
        const current = next[name]
        const base = current !== undefined && 'N' in current ? Number(current.N) : 0
        next[name] = { N: String(base + Number(update.Value.N)) }
      } else {
        next[name] = clone(update.Value)
      }
    }
    table.items.set(key.id, next)
    this.written(table, key.key, old, next)
    if (parsed.returnValues === 'ALL_OLD') return old === undefined ? {} : { attributes: clone(old) }
    if (parsed.returnValues === 'ALL_NEW') return { attributes: clone(next) }
    return {}
  }

  deleteItem(input: { tableName: string; key: Item; returnValues?: 'NONE' | 'ALL_OLD' }): { attributes?: Item } {
    const parsed = parse(schemas.deleteItem, input)
    const table = this.tableOf(parsed.tableName)
    const key = this.exactKey(table, parsed.key as Item)
    const old = table.items.get(key.id)
    if (old === undefined) return {}
    table.items.delete(key.id)
    this.written(table, key.key, old, undefined)
    return parsed.returnValues === 'ALL_OLD' ? { attributes: clone(old) } : {}
  }

  streamRecords(input: { streamArn: string }): { records: DynamoDbStreamRecord[] } {
    const parsed = parse(schemas.streamRecords, input)
    const found = this.streams.get(parsed.streamArn)
    if (found === undefined) throw dynamoDbErrors.notFound()
    return { records: found.stream.records.map((stored) => clone(stored.record)) }
  }

  hasStream(arn: string): boolean {
    return this.streams.has(arn)
  }

  // ------------------------------------------------------------------ for the pollers (not in the API)

  /** @internal The shard ids of a stream (one here). */
  shardIds(arn: string): string[] | undefined {
    const found = this.streams.get(arn)
    return found === undefined ? undefined : [found.stream.shardId]
  }

  /** @internal Every record of a shard, oldest first (the array itself: do not change it). */
  shardRecords(arn: string, _shardId: string): readonly StoredDdbRecord[] {
    return this.streams.get(arn)?.stream.records ?? []
  }

  /** @internal How long records stay readable (24 h). */
  retentionMs(_arn: string): number {
    return RETENTION_MS
  }

  // ------------------------------------------------------------------ internals

  private openStream(table: Table, viewType: StreamViewType): void {
    // The label: the virtual now as ISO 8601 without the zone, as DynamoDB writes it.
    const label = new Date(this.kernel.nowMs).toISOString().slice(0, -1)
    const arn = `${table.arn}/stream/${label}`
    const shardId = `shardId-${String(this.kernel.nowMs).padStart(20, '0')}-${createHash('md5').update(arn).digest('hex').slice(0, 8)}`
    const stream: TableStream = { arn, label, viewType, shardId, records: [] }
    table.stream = stream
    this.streams.set(arn, { table, stream })
  }

  private written(table: Table, keys: Item, old: Item | undefined, next: Item | undefined): void {
    const stream = table.stream
    if (stream === undefined) return
    if (old !== undefined && next !== undefined && canonicalJson(old) === canonicalJson(next)) return
    const eventName = old === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY'
    const view = stream.viewType
    const newImage = next !== undefined && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? clone(next) : undefined
    const oldImage = old !== undefined && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? clone(old) : undefined
    this.sequence++
    const sequenceNumber = String(10n ** 20n + BigInt(this.sequence))
    const record: DynamoDbStreamRecord = {
      eventID: createHash('md5').update(`${stream.arn}/${sequenceNumber}`).digest('hex'),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.scope.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(this.kernel.nowMs / 1000),
        Keys: clone(keys),
        ...(newImage !== undefined ? { NewImage: newImage } : {}),
        ...(oldImage !== undefined ? { OldImage: oldImage } : {}),
        SequenceNumber: sequenceNumber,
        SizeBytes: itemSize(keys) + itemSize(newImage) + itemSize(oldImage),
        StreamViewType: view,
      },
    }
    const hashKey = table.keySchema[0] as KeySchemaElement
    stream.records.push({ record, sequenceNumber, arrivalMs: this.kernel.nowMs, partitionKey: canonicalJson(keys[hashKey.attributeName]) })
    this.recordAdded(stream.arn)
  }

  /** The key of an item (its key attributes must be there, scalar). */
  private keyOf(table: Table, item: Item, what: 'item' | 'key'): { key: Item; id: string } {
    const key: Record<string, AttributeValue> = {}
    for (const element of table.keySchema) {
      const value = item[element.attributeName]
      if (value === undefined) throw dynamoDbErrors.invalid(`Missing the key ${element.attributeName} in the ${what}`)
      if (!('S' in value || 'N' in value || 'B' in value)) {
        throw dynamoDbErrors.invalid(`Type mismatch for key ${element.attributeName} expected: S actual: ${Object.keys(value)[0] ?? 'NULL'}`)
      }
      key[element.attributeName] = value
    }
    return { key, id: canonicalJson(key) }
  }

  /** A `Key` parameter: exactly the key attributes. */
  private exactKey(table: Table, key: Item): { key: Item; id: string } {
    if (Object.keys(key).length !== table.keySchema.length) throw dynamoDbErrors.validation('The provided key element does not match the schema')
    try {
      return this.keyOf(table, key, 'key')
    } catch {
      throw dynamoDbErrors.validation('The provided key element does not match the schema')
    }
  }

  private tableOf(name: string): Table {
    const table = this.tables.get(name)
    if (table === undefined) throw dynamoDbErrors.notFound()
    return table
  }

  private describe(table: Table): TableDescription {
    const stream = table.stream
    return {
      tableName: table.name,
      tableArn: table.arn,
      tableStatus: 'ACTIVE',
      keySchema: table.keySchema.map((key) => ({ ...key })),
      creationDateTime: new Date(table.createdMs),
      itemCount: table.items.size,
      ...(stream !== undefined
        ? { streamSpecification: { streamEnabled: true, streamViewType: stream.viewType }, latestStreamLabel: stream.label, latestStreamArn: stream.arn }
        : {}),
    }
  }
}
