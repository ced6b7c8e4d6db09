/**
 * Stream records as an event source mapping hands them to a function: Kinesis (`KinesisStreamRecord`)
 * and DynamoDB Streams (`DynamoDBRecord`), the source readers the stream poller uses, the record
 * filter (§8.4: data key `data`, base64-decoded JSON, for Kinesis; `dynamodb` for DynamoDB) and the
 * on-failure destination record (§8.3: `KinesisBatchInfo` / `DDBStreamBatchInfo`).
 */
import { createHash } from 'node:crypto'
import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda'
import type { DynamoDbService, StoredDdbRecord } from '../aws/dynamodb/service.js'
import type { KinesisService, StoredKinesisRecord } from '../aws/kinesis/service.js'
import { matchesPattern, parsePattern } from '../model/event-pattern.js'
import type { FilterCriteria } from '../model/event-source-mapping.js'

/** What the poller needs of any stream record. */
export interface SourceRecord {
  readonly sequenceNumber: string
  readonly arrivalMs: number
  readonly partitionKey: string
}

export type LambdaStreamRecord = KinesisStreamRecord | DynamoDBRecord

/** A stream the poller reads, whichever service holds it. */
export interface StreamSource {
  readonly kind: 'kinesis' | 'dynamodb'
  /** Kinesis: one GetRecords per second per shard; DynamoDB Streams: four. */
  readonly pollIntervalMs: number
  shardIds(): string[] | undefined
  records(shardId: string): readonly SourceRecord[]
  retentionMs(): number
  /** Lambda's record for a stream record (`roleArn`: the function's execution role). */
  toLambda(record: SourceRecord, shardId: string, roleArn: string): LambdaStreamRecord
}

export function kinesisSource(kinesis: KinesisService, arn: string, region: string): StreamSource {
  return {
    kind: 'kinesis',
    pollIntervalMs: 1000,
    shardIds: () => kinesis.shardIds(arn),
    records: (shardId) => kinesis.shardRecords(arn, shardId),
    retentionMs: () => kinesis.retentionMs(arn),
    toLambda: (record, shardId, roleArn) => {
      const stored = record as StoredKinesisRecord
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: stored.partitionKey,
          sequenceNumber: stored.sequenceNumber,
          data: stored.data.toString('base64'),
          approximateArrivalTimestamp: stored.arrivalMs / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${stored.sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: roleArn,
        awsRegion: region,
        eventSourceARN: arn,
      }
    },
  }
}

export function dynamoDbSource(dynamodb: DynamoDbService, arn: string): StreamSource {
  return {
    kind: 'dynamodb',
    pollIntervalMs: 250,
    shardIds: () => dynamodb.shardIds(arn),
    records: (shardId) => dynamodb.shardRecords(arn, shardId),
    retentionMs: () => dynamodb.retentionMs(arn),
    toLambda: (record) => {
      const stored = (record as StoredDdbRecord).record
      return { ...structuredClone(stored), eventSourceARN: arn } as unknown as DynamoDBRecord
    },
  }
}

/**
 * A mapping's filter criteria over stream records (filters OR-ed). Kinesis: a pattern naming `data`
 * matches the base64-decoded data parsed as JSON; a record whose data is not JSON does not match
 * such a pattern (it is skipped); other keys match the record's own fields. DynamoDB: the pattern
 * matches the record as the function sees it (`dynamodb`, `eventName`, …). `undefined` without filters.
 */
export function streamRecordFilter(kind: 'kinesis' | 'dynamodb', criteria: FilterCriteria | undefined): ((record: LambdaStreamRecord) => boolean) | undefined {
  const filters = criteria?.filters ?? []
  if (filters.length === 0) return undefined
  const patterns: { pattern: object; data: boolean }[] = []
  for (const filter of filters) {
    const parsed = parsePattern(filter.pattern)
    if (parsed.ok) patterns.push({ pattern: parsed.pattern, data: (parsed.pattern as Record<string, unknown>)['data'] !== undefined })
  }
  return (record) => {
    if (kind === 'dynamodb') return patterns.some(({ pattern }) => matchesPattern(pattern, record))
    const kinesis = (record as KinesisStreamRecord).kinesis
    let json: unknown
    let isJson = false
    try {
      json = JSON.parse(Buffer.from(kinesis.data, 'base64').toString('utf8'))
      isJson = typeof json === 'object' && json !== null
    } catch {
      isJson = false
    }
    for (const { pattern, data } of patterns) {
      if (data && !isJson) continue
      const view = { ...record, ...kinesis, ...(isJson ? { data: json } : {}) }
      if (matchesPattern(pattern, view)) return true
    }
    return false
  }
}

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded'

/** The on-failure destination record for discarded stream records (§8.3). */
export function onFailureRecord(fields: {
  readonly kind: 'kinesis' | 'dynamodb'
  readonly requestId: string
  readonly functionArn: string
  readonly condition: DiscardCondition
  readonly approximateInvokeCount: number
  readonly response: { readonly executedVersion: string; readonly functionError: string | undefined } | undefined
  readonly nowMs: number
  readonly shardId: string
  readonly first: SourceRecord
  readonly last: SourceRecord
  readonly batchSize: number
  readonly streamArn: string
}): string {
  const info = {
    shardId: fields.shardId,
    startSequenceNumber: fields.first.sequenceNumber,
    endSequenceNumber: fields.last.sequenceNumber,
    approximateArrivalOfFirstRecord: new Date(fields.first.arrivalMs).toISOString(),
    approximateArrivalOfLastRecord: new Date(fields.last.arrivalMs).toISOString(),
    batchSize: fields.batchSize,
    streamArn: fields.streamArn,
  }
  return JSON.stringify({
    requestContext: { requestId: fields.requestId, functionArn: fields.functionArn, condition: fields.condition, approximateInvokeCount: fields.approximateInvokeCount },
    responseContext: {
      statusCode: 200,
      executedVersion: fields.response?.executedVersion ?? '',
      functionError: fields.response?.functionError ?? '',
    },
    version: '1.0',
    timestamp: new Date(fields.nowMs).toISOString(),
    [fields.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: info,
  })
}

/** True for an S3 bucket's ARN (`arn:aws:s3:::name`): Lambda writes the record there as an object. */
export function isS3BucketArn(arn: string): boolean {
  return /^arn:aws[a-zA-Z-]*:s3:::/.test(arn)
}

/**
 * The on-failure record as Lambda writes it to an S3 bucket: the record with the invocation's
 * payload (`{ Records: [...] }`, the batch as the function got it) under `payload`, at
 * `aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<UUID>`. [SIM] The last
 * UUID is derived from the mapping, shard and records, so a run replays.
 */
export function onFailureObject(record: string, recordsJson: readonly string[], mappingUuid: string, shardId: string, nowMs: number, first: SourceRecord): { body: string; objectKey: string } {
  const iso = new Date(nowMs).toISOString()
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 19).replace(/:/g, '.')}`
  const h = createHash('sha256').update(`lambda-sim/esm-failure/${mappingUuid}/${shardId}/${first.sequenceNumber}/${nowMs}`).digest('hex')
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'.charAt(parseInt(h.charAt(16), 16) & 3)}${h.slice(17, 20)}-${h.slice(20, 32)}`
  return {
    body: `${record.slice(0, -1)},"payload":{"Records":[${recordsJson.join(',')}]}}`,
    objectKey: `aws/lambda/${mappingUuid}/${shardId}/${day}/${stamp}-${uuid}`,
  }
}
