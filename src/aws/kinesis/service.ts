/**
 * An in-memory Amazon Kinesis Data Streams on the virtual clock: streams of provisioned shards, the
 * 128-bit hash key space split evenly between them, a record's shard picked by the MD5 of its
 * partition key (or its explicit hash key) as Kinesis does, sequence numbers increasing per shard,
 * `approximateArrivalTimestamp` = the virtual now, retention (24 h by default), shard iterators.
 *
 * Nothing is scheduled on the kernel: a stream never keeps a run alive. The pollers of event source
 * mappings are told of each new record through a callback given at construction.
 *
 * [SIM] No throughput limits (1 MB/s or 1,000 records/s per shard), no resharding, no on-demand
 * mode, no enhanced fan-out, every `putRecords` entry succeeds; records past retention stay in memory
 * but are no longer returned from `TRIM_HORIZON`.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { schemaOnFirstUse, schemasOnFirstUse } from '../../config/schema-on-first-use.js'
import { awsParser } from '../../config/aws-validation.js'
import type { Kernel } from '../../kernel/kernel.js'
import type {
  CreateStreamInput,
  GetRecordsOutput,
  GetShardIteratorInput,
  KinesisApi,
  KinesisRecord,
  KinesisShard,
  PutRecordInput,
  PutRecordOutput,
  PutRecordsInput,
  PutRecordsOutput,
  StreamDescription,
  StreamRef,
} from './api.js'
import { KinesisError, kinesisErrors, kinesisValidationError } from './errors.js'

const HASH_SPACE = 1n << 128n
const MAX_SHARDS = 500
const MAX_DATA_BYTES = 1024 * 1024
const MAX_PUT_RECORDS = 500
const DEFAULT_RETENTION_HOURS = 24
const ITERATOR_TTL_MS = 5 * 60_000
const STREAM_NAME = /^[a-zA-Z0-9_.-]+$/

export interface KinesisScope {
  readonly region: string
  readonly accountId: string
}

/** A record as the stream keeps it. */
export interface StoredKinesisRecord {
  readonly sequenceNumber: string
  readonly arrivalMs: number
  readonly data: Buffer
  readonly partitionKey: string
}

interface Shard {
  readonly shardId: string
  readonly index: number
  readonly start: bigint
  readonly end: bigint
  readonly records: StoredKinesisRecord[]
  readonly startingSequenceNumber: string
}

interface Stream {
  readonly name: string
  readonly arn: string
  readonly createdMs: number
  readonly shards: Shard[]
  retentionHours: number
  counter: number
}

const ref = () => ({ streamName: z.string().min(1).max(128).optional(), streamARN: z.string().min(1).max(2048).optional() })
const dataSchema = schemaOnFirstUse(() => z.union([z.instanceof(Uint8Array), z.string()]))
const entry = () => ({ data: dataSchema, partitionKey: z.string().min(1).max(256), explicitHashKey: z.string().regex(/^0|([1-9]\d{0,38})$/).optional() })
const schemas = schemasOnFirstUse(() => ({
  createStream: z.object({ streamName: z.string().min(1).max(128).regex(STREAM_NAME), shardCount: z.number().int().min(1).optional() }).strict(),
  ref: z.object(ref()).strict(),
  putRecord: z.object({ ...ref(), ...entry(), sequenceNumberForOrdering: z.string().optional() }).strict(),
  putRecords: z.object({ ...ref(), records: z.array(z.object(entry()).strict()).min(1).max(MAX_PUT_RECORDS) }).strict(),
  getShardIterator: z
    .object({
      ...ref(),
      shardId: z.string().min(1).max(128),
      shardIteratorType: z.enum(['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'AT_TIMESTAMP']),
      startingSequenceNumber: z.string().regex(/^0|([1-9]\d{0,128})$/).optional(),
      timestamp: z.union([z.date(), z.number()]).optional(),
    })
    .strict(),
  getRecords: z.object({ shardIterator: z.string().min(1).max(512), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
}))

const parse = awsParser(kinesisValidationError)

/** The decimal 128-bit hash key of a partition key: its MD5 read as an unsigned big-endian integer. */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`)
}

/** Sequence numbers: 56 digits, increasing per shard (and per stream), comparable as strings. */
function sequenceNumber(shardIndex: number, counter: number): string {
  return `4959${String(shardIndex).padStart(4, '0')}${String(counter).padStart(48, '0')}`
}

interface Iterator {
  readonly arn: string
  readonly shardId: string
  readonly index: number
  readonly madeMs: number
}

export class KinesisService implements KinesisApi {
  private readonly streams = new Map<string, Stream>()

  constructor(
    private readonly kernel: Kernel,
    private readonly scope: KinesisScope,
    /** Tells the pollers a record arrived in the stream `streamArn`. */
    private readonly recordAdded: (streamArn: string) => void = () => {},
  ) {}

  streamArn(streamName: string): string {
    return `arn:aws:kinesis:${this.scope.region}:${this.scope.accountId}:stream/${streamName}`
  }

  createStream(input: CreateStreamInput): void {
    const parsed = parse(schemas.createStream, input)
    const count = parsed.shardCount ?? 1
    if (count > MAX_SHARDS) {
      throw new KinesisError(
        'LimitExceededException',
        `This request would exceed the shard limit for the account ${this.scope.accountId} in ${this.scope.region}. Limit: ${MAX_SHARDS}. Number of additional shards that would have resulted from this request: ${count}.`,
      )
    }
    if (this.streams.has(parsed.streamName)) throw kinesisErrors.streamExists(parsed.streamName, this.scope.accountId)
    const shards: Shard[] = []
    for (let i = 0; i < count; i++) {
      const start = (HASH_SPACE * BigInt(i)) / BigInt(count)
      const end = (HASH_SPACE * BigInt(i + 1)) / BigInt(count) - 1n
      shards.push({ shardId: `shardId-${String(i).padStart(12, '0')}`, index: i, start, end, records: [], startingSequenceNumber: sequenceNumber(i, 0) })
    }
    this.streams.set(parsed.streamName, {
      name: parsed.streamName,
      arn: this.streamArn(parsed.streamName),
      createdMs: this.kernel.nowMs,
      shards,
      retentionHours: DEFAULT_RETENTION_HOURS,
      counter: 0,
    })
  }

  deleteStream(input: StreamRef): void {
    const stream = this.streamOf(parse(schemas.ref, input))
    this.streams.delete(stream.name)
  }

  describeStream(input: StreamRef): { streamDescription: StreamDescription } {
    const stream = this.streamOf(parse(schemas.ref, input))
    const shards: KinesisShard[] = stream.shards.map((shard) => ({
      shardId: shard.shardId,
      hashKeyRange: { startingHashKey: shard.start.toString(), endingHashKey: shard.end.toString() },
      sequenceNumberRange: { startingSequenceNumber: shard.startingSequenceNumber },
    }))
    return {
      streamDescription: {
        streamName: stream.name,
        streamARN: stream.arn,
        streamStatus: 'ACTIVE',
        streamModeDetails: { streamMode: 'PROVISIONED' },
        shards,
        hasMoreShards: false,
        retentionPeriodHours: stream.retentionHours,
        streamCreationTimestamp: new Date(stream.createdMs),
        enhancedMonitoring: [{ shardLevelMetrics: [] }],
        encryptionType: 'NONE',
      },
    }
  }

  listStreams(): { streamNames: string[]; hasMoreStreams: false } {
    return { streamNames: [...this.streams.keys()].sort(), hasMoreStreams: false }
  }

  putRecord(input: PutRecordInput): PutRecordOutput {
    const parsed = parse(schemas.putRecord, input)
    const stream = this.streamOf(parsed)
    const out = this.append(stream, parsed)
    this.recordAdded(stream.arn)
    return { ...out, encryptionType: 'NONE' }
  }

  putRecords(input: PutRecordsInput): PutRecordsOutput {
    const parsed = parse(schemas.putRecords, input)
    const stream = this.streamOf(parsed)
    const records = parsed.records.map((record) => this.append(stream, record))
    this.recordAdded(stream.arn)
    return { failedRecordCount: 0, records, encryptionType: 'NONE' }
  }

  getShardIterator(input: GetShardIteratorInput): { shardIterator: string } {
    const parsed = parse(schemas.getShardIterator, input)
    const stream = this.streamOf(parsed)
    const shard = stream.shards.find((candidate) => candidate.shardId === parsed.shardId)
    if (shard === undefined) throw kinesisErrors.shardNotFound(parsed.shardId, stream.name, this.scope.accountId)
    let index: number
    switch (parsed.shardIteratorType) {
      case 'TRIM_HORIZON':
        index = this.trimIndex(stream, shard)
        break
      case 'LATEST':
        index = shard.records.length
        break
      case 'AT_TIMESTAMP': {
        if (parsed.timestamp === undefined) throw kinesisErrors.invalidArgument('Must specify timestamp when ShardIteratorType is AT_TIMESTAMP.')
        const ms = parsed.timestamp instanceof Date ? parsed.timestamp.getTime() : parsed.timestamp * 1000
        index = Math.max(this.trimIndex(stream, shard), this.indexAtTimestamp(stream.arn, shard.shardId, ms))
        break
      }
      default: {
        const sequence = parsed.startingSequenceNumber
        if (sequence === undefined) {
          throw kinesisErrors.invalidArgument(`Must specify StartingSequenceNumber when ShardIteratorType is ${parsed.shardIteratorType}.`)
        }
        const at = shard.records.findIndex((record) => record.sequenceNumber === sequence)
        if (at < 0) throw kinesisErrors.invalidArgument(`StartingSequenceNumber ${sequence} used in GetShardIterator on shard ${shard.shardId} in stream ${stream.name} under account ${this.scope.accountId} is invalid.`)
        index = parsed.shardIteratorType === 'AT_SEQUENCE_NUMBER' ? at : at + 1
      }
    }
    return { shardIterator: this.iterator({ arn: stream.arn, shardId: shard.shardId, index, madeMs: this.kernel.nowMs }) }
  }

  getRecords(input: { shardIterator: string; limit?: number }): GetRecordsOutput {
    const parsed = parse(schemas.getRecords, input)
    let it: Iterator
    try {
      it = JSON.parse(Buffer.from(parsed.shardIterator, 'base64').toString('utf8')) as Iterator
    } catch {
      throw kinesisErrors.invalidArgument(`Invalid ShardIterator.`)
    }
    if (typeof it !== 'object' || it === null || typeof it.arn !== 'string' || typeof it.index !== 'number') throw kinesisErrors.invalidArgument('Invalid ShardIterator.')
    if (this.kernel.nowMs - it.madeMs > ITERATOR_TTL_MS) {
      throw new KinesisError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${new Date(it.madeMs).toUTCString()} while right now it is ${new Date(this.kernel.nowMs).toUTCString()} which is further in the future than the tolerated delay of 300000 milliseconds.`,
      )
    }
    const stream = this.streamByArn(it.arn)
    const shard = stream?.shards.find((candidate) => candidate.shardId === it.shardId)
    if (stream === undefined || shard === undefined) throw kinesisErrors.streamNotFound(it.arn.split('/')[1] ?? it.arn, this.scope.accountId)
    const from = Math.max(it.index, this.trimIndex(stream, shard))
    const slice = shard.records.slice(from, from + (parsed.limit ?? 10_000))
    const records: KinesisRecord[] = slice.map((record) => ({
      sequenceNumber: record.sequenceNumber,
      approximateArrivalTimestamp: new Date(record.arrivalMs),
      data: new Uint8Array(record.data),
      partitionKey: record.partitionKey,
    }))
    const next = from + slice.length
    const last = shard.records[shard.records.length - 1]
    return {
      records,
      nextShardIterator: this.iterator({ arn: stream.arn, shardId: shard.shardId, index: next, madeMs: this.kernel.nowMs }),
      millisBehindLatest: next >= shard.records.length || last === undefined ? 0 : Math.max(0, this.kernel.nowMs - (shard.records[next] as StoredKinesisRecord).arrivalMs),
    }
  }

  hasStream(arn: string): boolean {
    return this.streamByArn(arn) !== undefined
  }

  // ------------------------------------------------------------------ for the pollers (not in the API)

  /** @internal The shard ids of a stream, in order (undefined: no such stream). */
  shardIds(arn: string): string[] | undefined {
    return this.streamByArn(arn)?.shards.map((shard) => shard.shardId)
  }

  /** @internal Every record of a shard, oldest first (the array itself: do not change it). */
  shardRecords(arn: string, shardId: string): readonly StoredKinesisRecord[] {
    return this.streamByArn(arn)?.shards.find((shard) => shard.shardId === shardId)?.records ?? []
  }

  /** @internal The index of the first record that arrived at or after `ms`. */
  indexAtTimestamp(arn: string, shardId: string, ms: number): number {
    const records = this.shardRecords(arn, shardId)
    let lo = 0
    let hi = records.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((records[mid] as StoredKinesisRecord).arrivalMs < ms) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** @internal How long records stay readable, in ms. */
  retentionMs(arn: string): number {
    return (this.streamByArn(arn)?.retentionHours ?? DEFAULT_RETENTION_HOURS) * 3_600_000
  }

  // ------------------------------------------------------------------ internals

  private append(stream: Stream, record: { data: Uint8Array | string; partitionKey: string; explicitHashKey?: string | undefined }): { shardId: string; sequenceNumber: string } {
    const data = typeof record.data === 'string' ? Buffer.from(record.data, 'utf8') : Buffer.from(record.data)
    if (data.length + Buffer.byteLength(record.partitionKey) > MAX_DATA_BYTES) {
      throw kinesisErrors.validation(
        `1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DATA_BYTES}`,
      )
    }
    let hash: bigint
    if (record.explicitHashKey !== undefined) {
      hash = BigInt(record.explicitHashKey)
      if (hash >= HASH_SPACE) throw kinesisErrors.invalidArgument(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${record.explicitHashKey}`)
    } else {
      hash = hashKeyOf(record.partitionKey)
    }
    const shard = stream.shards.find((candidate) => hash >= candidate.start && hash <= candidate.end) as Shard
    stream.counter++
    const stored: StoredKinesisRecord = { sequenceNumber: sequenceNumber(shard.index, stream.counter), arrivalMs: this.kernel.nowMs, data, partitionKey: record.partitionKey }
    shard.records.push(stored)
    return { shardId: shard.shardId, sequenceNumber: stored.sequenceNumber }
  }

  private trimIndex(stream: Stream, shard: Shard): number {
    return this.indexAtTimestamp(stream.arn, shard.shardId, this.kernel.nowMs - stream.retentionHours * 3_600_000 + 1)
  }

  private iterator(it: Iterator): string {
    return Buffer.from(JSON.stringify(it), 'utf8').toString('base64')
  }

  private streamOf(input: { streamName?: string | undefined; streamARN?: string | undefined }): Stream {
    if (input.streamARN !== undefined) {
      const stream = this.streamByArn(input.streamARN)
      if (stream === undefined) throw kinesisErrors.streamNotFound(input.streamARN.split('/')[1] ?? input.streamARN, this.scope.accountId)
      return stream
    }
    if (input.streamName === undefined) throw kinesisErrors.invalidArgument('Either StreamName or StreamARN should be provided.')
    const stream = this.streams.get(input.streamName)
    if (stream === undefined) throw kinesisErrors.streamNotFound(input.streamName, this.scope.accountId)
    return stream
  }

  private streamByArn(arn: string): Stream | undefined {
    const prefix = `arn:aws:kinesis:${this.scope.region}:${this.scope.accountId}:stream/`
    if (!arn.startsWith(prefix)) return undefined
    return this.streams.get(arn.slice(prefix.length))
  }
}
