/**
 * Amazon Kinesis Data Streams over the AWS JSON 1.1 protocol, as the AWS SDK for JavaScript v3
 * speaks it: `POST /` with `x-amz-target: Kinesis_20131202.<Operation>` and an
 * `application/x-amz-json-1.1` body (members by their API names; `Data` blobs in base64; timestamps
 * as epoch seconds). Each operation calls the simulation's `KinesisService` (`sim.kinesis`).
 *
 * The SDK sends a request naming a `StreamARN` to `<account>.control-kinesis.<region>…` or
 * `<account>.data-kinesis.<region>…`, a plain one to `kinesis.<region>…`: all are routed here.
 *
 * Errors are JSON 1.1 errors: HTTP 400 and `{"__type":"<Exception>","message":…}`, from which the
 * SDK builds its classes (`ResourceNotFoundException`, `InvalidArgumentException`, …). A
 * `KinesisError` is the service's answer; anything else thrown is a bug and propagates.
 *
 * [SIM] No on-demand streams, tags, `StreamId`, `DryRun`, warm throughput, record size limits above
 * 1 MiB, consumers or resharding: such requests answer `InvalidArgumentException` naming
 * lambda-sim; operations lambda-sim does not simulate answer `UnknownOperationException`.
 * `EnforceConsumerDeletion` is accepted (there are no consumers to delete).
 */
import type { SdkBackend } from './backend.js'
import type { KinesisShard, StreamDescription } from '../aws/kinesis/api.js'
import { KinesisError, kinesisErrors } from '../aws/kinesis/errors.js'
import { compact, jsonObject, serviceRequestId, targetOperation, textResponse } from './protocol-support.js'
import type { ServiceProtocol, WireResponse } from './wire.js'

const CONTENT_TYPE = 'application/x-amz-json-1.1'
/** The `x-amz-target` prefix of every Kinesis operation (the model's `targetPrefix`). */
export const KINESIS_TARGET_PREFIX = 'Kinesis_20131202'

type Input = Record<string, unknown>
type Operation = (sim: SdkBackend, input: Input) => Record<string, unknown>

/** The service input built from wire members; types are checked by the service's own schemas. */
function args<T>(members: Record<string, unknown>): T {
  return compact(members) as T
}

/** Refuses members lambda-sim does not simulate instead of ignoring them. */
function refuse(input: Input, members: readonly string[], where: string): void {
  for (const member of members) {
    const value = input[member]
    if (value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0)) {
      throw kinesisErrors.invalidArgument(`lambda-sim does not simulate ${member} on ${where}.`)
    }
  }
}

/** The members naming a stream, as the service takes them. */
function streamRef(input: Input): { streamName?: unknown; streamARN?: unknown } {
  return compact({ streamName: input['StreamName'], streamARN: input['StreamARN'] })
}

/** A `Data` blob: base64 on the wire, bytes for the service. */
function dataIn(value: unknown): unknown {
  return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value
}

/** A `Date` as the JSON protocols' timestamp: epoch seconds. */
function timeOut(date: Date): number {
  return date.getTime() / 1000
}

/** An integer member within `min`–`max`, or AWS's validation error naming it. */
function bounded(input: Input, member: string, min: number, max: number): number | undefined {
  const value = input[member]
  if (value === undefined || value === null) return undefined
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    const field = member.charAt(0).toLowerCase() + member.slice(1)
    const constraint = value !== null && typeof value === 'number' && value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`
    throw kinesisErrors.validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value ${constraint}`)
  }
  return value
}

function shardOut(shard: KinesisShard): Record<string, unknown> {
  return {
    ShardId: shard.shardId,
    HashKeyRange: { StartingHashKey: shard.hashKeyRange.startingHashKey, EndingHashKey: shard.hashKeyRange.endingHashKey },
    SequenceNumberRange: compact({
      StartingSequenceNumber: shard.sequenceNumberRange.startingSequenceNumber,
      EndingSequenceNumber: shard.sequenceNumberRange.endingSequenceNumber,
    }),
  }
}

function monitoringOut(description: StreamDescription): Record<string, unknown>[] {
  return description.enhancedMonitoring.map((m) => ({ ShardLevelMetrics: [...m.shardLevelMetrics] }))
}

/** The shards after `exclusiveStart` (by shard id order, as Kinesis lists them). */
function shardsAfter(shards: readonly KinesisShard[], exclusiveStart: unknown): KinesisShard[] {
  return typeof exclusiveStart === 'string' ? shards.filter((shard) => shard.shardId > exclusiveStart) : [...shards]
}

/** `ListShards`' `NextToken`: the stream and the last shard listed, opaque to the caller. */
function shardToken(streamARN: string, lastShardId: string): string {
  return Buffer.from(JSON.stringify({ streamARN, lastShardId }), 'utf8').toString('base64')
}

function readShardToken(token: string): { streamARN: string; lastShardId: string } {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown
    if (typeof value === 'object' && value !== null && typeof (value as Input)['streamARN'] === 'string' && typeof (value as Input)['lastShardId'] === 'string') {
      return value as { streamARN: string; lastShardId: string }
    }
  } catch {
    // falls through to the error
  }
  throw kinesisErrors.invalidArgument(`Invalid NextToken.`)
}

const UNSIMULATED_REF = ['StreamId', 'DryRun']

const operations: Record<string, Operation> = {
  CreateStream: (sim, i) => {
    refuse(i, ['Tags', 'WarmThroughputMiBps', 'MaxRecordSizeInKiB', 'RecordDistributionStrategy'], 'CreateStream')
    const mode = (i['StreamModeDetails'] as Input | undefined)?.['StreamMode']
    if (mode !== undefined && mode !== 'PROVISIONED') throw kinesisErrors.invalidArgument(`lambda-sim does not simulate StreamMode ${String(mode)} on CreateStream (only PROVISIONED).`)
    sim.kinesis.createStream(args({ streamName: i['StreamName'], shardCount: i['ShardCount'] }))
    return {}
  },
  DeleteStream: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'DeleteStream')
    sim.kinesis.deleteStream(args(streamRef(i)))
    return {}
  },
  DescribeStream: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'DescribeStream')
    const limit = bounded(i, 'Limit', 1, 10_000) ?? 100
    const d = sim.kinesis.describeStream(args(streamRef(i))).streamDescription
    const shards = shardsAfter(d.shards, i['ExclusiveStartShardId'])
    return {
      StreamDescription: {
        StreamName: d.streamName,
        StreamARN: d.streamARN,
        StreamStatus: d.streamStatus,
        StreamModeDetails: { StreamMode: d.streamModeDetails.streamMode },
        Shards: shards.slice(0, limit).map(shardOut),
        HasMoreShards: shards.length > limit,
        RetentionPeriodHours: d.retentionPeriodHours,
        StreamCreationTimestamp: timeOut(d.streamCreationTimestamp),
        EnhancedMonitoring: monitoringOut(d),
        EncryptionType: d.encryptionType,
      },
    }
  },
  DescribeStreamSummary: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'DescribeStreamSummary')
    const d = sim.kinesis.describeStream(args(streamRef(i))).streamDescription
    return {
      StreamDescriptionSummary: {
        StreamName: d.streamName,
        StreamARN: d.streamARN,
        StreamStatus: d.streamStatus,
        StreamModeDetails: { StreamMode: d.streamModeDetails.streamMode },
        RetentionPeriodHours: d.retentionPeriodHours,
        StreamCreationTimestamp: timeOut(d.streamCreationTimestamp),
        EnhancedMonitoring: monitoringOut(d),
        EncryptionType: d.encryptionType,
        OpenShardCount: d.shards.filter((shard) => shard.sequenceNumberRange.endingSequenceNumber === undefined).length,
        ConsumerCount: 0,
      },
    }
  },
  ListStreams: (sim, i) => {
    const limit = bounded(i, 'Limit', 1, 10_000) ?? 100
    const token = i['NextToken']
    if (token !== undefined && i['ExclusiveStartStreamName'] !== undefined) {
      throw kinesisErrors.invalidArgument('NextToken and ExclusiveStartStreamName cannot be provided together.')
    }
    let after = i['ExclusiveStartStreamName']
    if (typeof token === 'string') {
      const decoded = Buffer.from(token, 'base64').toString('utf8')
      if (!decoded.startsWith('after:')) throw kinesisErrors.invalidArgument('Invalid NextToken.')
      after = decoded.slice('after:'.length)
    }
    const names = sim.kinesis.listStreams().streamNames.filter((name) => typeof after !== 'string' || name > after)
    const listed = names.slice(0, limit)
    const more = names.length > limit
    const last = listed[listed.length - 1]
    return compact({
      StreamNames: listed,
      HasMoreStreams: more,
      NextToken: more && last !== undefined ? Buffer.from(`after:${last}`, 'utf8').toString('base64') : undefined,
      StreamSummaries: listed.map((name) => {
        const d = sim.kinesis.describeStream({ streamName: name }).streamDescription
        return {
          StreamName: d.streamName,
          StreamARN: d.streamARN,
          StreamStatus: d.streamStatus,
          StreamModeDetails: { StreamMode: d.streamModeDetails.streamMode },
          StreamCreationTimestamp: timeOut(d.streamCreationTimestamp),
        }
      }),
    })
  },
  ListShards: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'ListShards')
    const limit = bounded(i, 'MaxResults', 1, 10_000) ?? 1000
    const token = i['NextToken']
    let arn: string
    let after: unknown
    if (typeof token === 'string') {
      if (i['StreamName'] !== undefined || i['StreamARN'] !== undefined) throw kinesisErrors.invalidArgument('NextToken and StreamName cannot be provided together.')
      if (i['ExclusiveStartShardId'] !== undefined || i['ShardFilter'] !== undefined) {
        throw kinesisErrors.invalidArgument('NextToken cannot be provided together with ExclusiveStartShardId or ShardFilter.')
      }
      const read = readShardToken(token)
      arn = read.streamARN
      after = read.lastShardId
    } else {
      if (i['StreamName'] === undefined && i['StreamARN'] === undefined) throw kinesisErrors.invalidArgument('Either NextToken or StreamName should be provided.')
      arn = sim.kinesis.describeStream(args(streamRef(i))).streamDescription.streamARN
      after = i['ExclusiveStartShardId']
      const filter = i['ShardFilter'] as Input | undefined
      if (filter !== undefined && filter !== null) {
        const type = filter['Type']
        if (type === 'AFTER_SHARD_ID') {
          if (typeof filter['ShardId'] !== 'string') throw kinesisErrors.invalidArgument('ShardId must be provided with ShardFilter type AFTER_SHARD_ID.')
          after = typeof after === 'string' && after > filter['ShardId'] ? after : filter['ShardId']
        } else if (!['AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP', 'FROM_TIMESTAMP'].includes(String(type))) {
          throw kinesisErrors.validation(
            `1 validation error detected: Value '${String(type)}' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]`,
          )
        }
        // Without resharding every shard is open and holds the whole retention period: every
        // other filter lists every shard.
      }
    }
    const shards = shardsAfter(sim.kinesis.describeStream({ streamARN: arn }).streamDescription.shards, after)
    const listed = shards.slice(0, limit)
    const last = listed[listed.length - 1]
    return compact({ Shards: listed.map(shardOut), NextToken: shards.length > limit && last !== undefined ? shardToken(arn, last.shardId) : undefined })
  },
  PutRecord: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'PutRecord')
    const out = sim.kinesis.putRecord(
      args({
        ...streamRef(i),
        data: dataIn(i['Data']),
        partitionKey: i['PartitionKey'],
        explicitHashKey: i['ExplicitHashKey'],
        sequenceNumberForOrdering: i['SequenceNumberForOrdering'],
      }),
    )
    return { ShardId: out.shardId, SequenceNumber: out.sequenceNumber, EncryptionType: out.encryptionType }
  },
  PutRecords: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'PutRecords')
    const records = i['Records']
    const out = sim.kinesis.putRecords(
      args({
        ...streamRef(i),
        records: Array.isArray(records)
          ? records.map((r) => {
              const entry = r !== null && typeof r === 'object' ? (r as Input) : {}
              return compact({ data: dataIn(entry['Data']), partitionKey: entry['PartitionKey'], explicitHashKey: entry['ExplicitHashKey'] })
            })
          : records,
      }),
    )
    return {
      FailedRecordCount: out.failedRecordCount,
      Records: out.records.map((r) => ({ ShardId: r.shardId, SequenceNumber: r.sequenceNumber })),
      EncryptionType: out.encryptionType,
    }
  },
  GetShardIterator: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'GetShardIterator')
    const out = sim.kinesis.getShardIterator(
      args({
        ...streamRef(i),
        shardId: i['ShardId'],
        shardIteratorType: i['ShardIteratorType'],
        startingSequenceNumber: i['StartingSequenceNumber'],
        timestamp: i['Timestamp'],
      }),
    )
    return { ShardIterator: out.shardIterator }
  },
  GetRecords: (sim, i) => {
    refuse(i, UNSIMULATED_REF, 'GetRecords')
    const out = sim.kinesis.getRecords(args({ shardIterator: i['ShardIterator'], limit: i['Limit'] }))
    return {
      Records: out.records.map((r) => ({
        SequenceNumber: r.sequenceNumber,
        ApproximateArrivalTimestamp: timeOut(r.approximateArrivalTimestamp),
        Data: Buffer.from(r.data).toString('base64'),
        PartitionKey: r.partitionKey,
      })),
      NextShardIterator: out.nextShardIterator,
      MillisBehindLatest: out.millisBehindLatest,
    }
  },
}

/** The operations the Kinesis protocol answers, for documentation and tests. */
export const KINESIS_OPERATIONS: readonly string[] = Object.keys(operations)

function errorResponse(requestId: string, type: string, message: string, status = 400): WireResponse {
  return textResponse(status, CONTENT_TYPE, requestId, JSON.stringify({ __type: type, message }))
}

export const kinesisProtocol: ServiceProtocol = async (sim, request, body) => {
  const requestId = serviceRequestId(sim)
  const name = targetOperation(request, KINESIS_TARGET_PREFIX)
  const operation = name === undefined ? undefined : operations[name]
  if (operation === undefined) {
    return errorResponse(requestId, 'UnknownOperationException', `lambda-sim does not simulate the Kinesis operation ${name ?? '(no x-amz-target header)'}.`)
  }
  const input = jsonObject(body)
  if (input === undefined) return errorResponse(requestId, 'SerializationException', 'The request body is not a JSON object.')
  try {
    return textResponse(200, CONTENT_TYPE, requestId, JSON.stringify(operation(sim, input)))
  } catch (error) {
    if (error instanceof KinesisError) return errorResponse(requestId, error.name, error.message, error.statusCode)
    throw error
  }
}

/**
 * Whether an endpoint host is Kinesis Data Streams': `kinesis.<region>…` (and `-fips`), or the
 * account-scoped `<account>.control-kinesis.<region>…` / `<account>.data-kinesis.<region>…` the
 * SDK builds for requests naming a `StreamARN`. (Not `kinesisanalytics`, `kinesisvideo`, `firehose`.)
 */
export function isKinesisHost(hostname: string): boolean {
  const labels = hostname.toLowerCase().split('.')
  return /^kinesis(?:-fips)?$/.test(labels[0] ?? '') || labels.some((label) => /^(?:control|data)-kinesis(?:-fips)?$/.test(label))
}
