/**
 * Amazon Kinesis Data Streams as the simulation's users call it (`sim.kinesis`): the service's verbs
 * and nothing of the machinery behind them. `KinesisService` implements it. A stream is named by
 * `streamName` or `streamARN`, as in the SDK.
 */

export interface StreamRef {
  readonly streamName?: string
  readonly streamARN?: string
}

export interface CreateStreamInput {
  readonly streamName: string
  /** 1–500 here (AWS's default quota); default 1 [SIM: AWS requires it for provisioned streams]. */
  readonly shardCount?: number
}

export interface PutRecordInput extends StreamRef {
  /** Up to 1 MiB; a string is taken as UTF-8. */
  readonly data: Uint8Array | string
  /** 1–256 characters; its MD5 picks the shard. */
  readonly partitionKey: string
  /** A decimal 128-bit hash key that overrides the partition key's. */
  readonly explicitHashKey?: string
}

export interface PutRecordOutput {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly encryptionType: 'NONE'
}

export interface PutRecordsInput extends StreamRef {
  readonly records: ReadonlyArray<Omit<PutRecordInput, 'streamName' | 'streamARN'>>
}

export interface PutRecordsOutput {
  readonly failedRecordCount: number
  readonly records: ReadonlyArray<{ readonly shardId: string; readonly sequenceNumber: string }>
  readonly encryptionType: 'NONE'
}

export interface KinesisShard {
  readonly shardId: string
  readonly hashKeyRange: { readonly startingHashKey: string; readonly endingHashKey: string }
  readonly sequenceNumberRange: { readonly startingSequenceNumber: string; readonly endingSequenceNumber?: string }
}

export interface StreamDescription {
  readonly streamName: string
  readonly streamARN: string
  readonly streamStatus: 'ACTIVE'
  readonly streamModeDetails: { readonly streamMode: 'PROVISIONED' }
  readonly shards: readonly KinesisShard[]
  readonly hasMoreShards: false
  readonly retentionPeriodHours: number
  readonly streamCreationTimestamp: Date
  readonly enhancedMonitoring: ReadonlyArray<{ readonly shardLevelMetrics: readonly string[] }>
  readonly encryptionType: 'NONE'
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'AT_TIMESTAMP'

export interface GetShardIteratorInput extends StreamRef {
  readonly shardId: string
  readonly shardIteratorType: ShardIteratorType
  readonly startingSequenceNumber?: string
  /** For `AT_TIMESTAMP`: a `Date` or epoch seconds. */
  readonly timestamp?: Date | number
}

/** A record as `GetRecords` returns it. */
export interface KinesisRecord {
  readonly sequenceNumber: string
  readonly approximateArrivalTimestamp: Date
  readonly data: Uint8Array
  readonly partitionKey: string
}

export interface GetRecordsOutput {
  readonly records: readonly KinesisRecord[]
  readonly nextShardIterator: string
  readonly millisBehindLatest: number
}

export interface KinesisApi {
  streamArn(streamName: string): string
  createStream(input: CreateStreamInput): void
  deleteStream(input: StreamRef): void
  describeStream(input: StreamRef): { streamDescription: StreamDescription }
  listStreams(): { streamNames: string[]; hasMoreStreams: false }
  putRecord(input: PutRecordInput): PutRecordOutput
  /** Up to 500 records; every record succeeds here (no throughput limits are simulated). */
  putRecords(input: PutRecordsInput): PutRecordsOutput
  getShardIterator(input: GetShardIteratorInput): { shardIterator: string }
  /** `limit` 1–10,000 (default 10,000). An iterator expires 5 virtual minutes after it was made. */
  getRecords(input: { shardIterator: string; limit?: number }): GetRecordsOutput
  /** True when a stream with this ARN exists (for event source mappings and destinations). */
  hasStream(arn: string): boolean
}
