/**
 * Amazon DynamoDB, as far as event source mappings need it (`sim.dynamodb`): tables keyed by a
 * partition key (and a sort key), items written with `putItem` / `updateItem` / `deleteItem`, and the
 * table's stream of INSERT / MODIFY / REMOVE records. Items and keys use DynamoDB's JSON form
 * (`{ id: { S: 'a' }, n: { N: '1' } }`), as the SDK's low-level client and the stream records do.
 */

/** A DynamoDB attribute value (one member set). */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: Uint8Array | string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: ReadonlyArray<Uint8Array | string> }
  | { readonly L: readonly AttributeValue[] }
  | { readonly M: Readonly<Record<string, AttributeValue>> }

export type Item = Readonly<Record<string, AttributeValue>>

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'

export interface KeySchemaElement {
  readonly attributeName: string
  readonly keyType: 'HASH' | 'RANGE'
}

export interface CreateTableInput {
  readonly tableName: string
  readonly keySchema: readonly KeySchemaElement[]
  readonly attributeDefinitions?: ReadonlyArray<{ readonly attributeName: string; readonly attributeType: 'S' | 'N' | 'B' }>
  readonly billingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST'
  readonly streamSpecification?: { readonly streamEnabled?: boolean; readonly streamViewType?: StreamViewType }
}

export interface TableDescription {
  readonly tableName: string
  readonly tableArn: string
  readonly tableStatus: 'ACTIVE'
  readonly keySchema: readonly KeySchemaElement[]
  readonly creationDateTime: Date
  readonly itemCount: number
  readonly streamSpecification?: { readonly streamEnabled: boolean; readonly streamViewType?: StreamViewType }
  readonly latestStreamLabel?: string
  readonly latestStreamArn?: string
}

/** The `dynamodb` member of a stream record (and of Lambda's `DynamoDBRecord`). */
export interface StreamRecordData {
  readonly ApproximateCreationDateTime: number
  readonly Keys: Item
  readonly NewImage?: Item
  readonly OldImage?: Item
  readonly SequenceNumber: string
  readonly SizeBytes: number
  readonly StreamViewType: StreamViewType
}

/** A record of a table's stream, as DynamoDB Streams `GetRecords` returns it. */
export interface DynamoDbStreamRecord {
  readonly eventID: string
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE'
  readonly eventVersion: '1.1'
  readonly eventSource: 'aws:dynamodb'
  readonly awsRegion: string
  readonly dynamodb: StreamRecordData
}

/** The legacy `AttributeUpdates` of `UpdateItem`: PUT (default) sets, DELETE removes, ADD adds to a number. */
export type AttributeUpdates = Readonly<Record<string, { readonly Action?: 'PUT' | 'DELETE' | 'ADD'; readonly Value?: AttributeValue }>>

export interface DynamoDbApi {
  createTable(input: CreateTableInput): { tableDescription: TableDescription }
  describeTable(input: { tableName: string }): { table: TableDescription }
  deleteTable(input: { tableName: string }): { tableDescription: TableDescription }
  /** Turns the stream on (a new stream ARN) or off. */
  updateTable(input: { tableName: string; streamSpecification: { streamEnabled: boolean; streamViewType?: StreamViewType } }): { tableDescription: TableDescription }
  putItem(input: { tableName: string; item: Item; returnValues?: 'NONE' | 'ALL_OLD' }): { attributes?: Item }
  getItem(input: { tableName: string; key: Item }): { item?: Item }
  updateItem(input: { tableName: string; key: Item; attributeUpdates?: AttributeUpdates; returnValues?: 'NONE' | 'ALL_OLD' | 'ALL_NEW' }): { attributes?: Item }
  deleteItem(input: { tableName: string; key: Item; returnValues?: 'NONE' | 'ALL_OLD' }): { attributes?: Item }
  /** Every record of the table's stream (`streamArn`), oldest first [SIM: in place of DynamoDB Streams' iterators]. */
  streamRecords(input: { streamArn: string }): { records: DynamoDbStreamRecord[] }
  /** True when a stream with this ARN exists (for event source mappings). */
  hasStream(arn: string): boolean
}
