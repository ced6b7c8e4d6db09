/**
 * Amazon S3 as the simulation's users call it (`sim.s3`): buckets, objects, multipart uploads and
 * event notifications, and nothing of the machinery behind them. `S3Service` implements it. Names
 * follow the S3 API in camelCase (`bucket`, `key`, `eTag`, `continuationToken`).
 */
import type { DeliveryResult } from '../../lambda/invoke/delivery.js'

/** An object's body: bytes, or text taken as UTF-8. */
export type S3Body = Uint8Array | string

/** The headers S3 stores with an object and returns on GET and HEAD. */
export interface S3ObjectHeaders {
  /** Default `binary/octet-stream`, as S3 stores an object put without one. */
  readonly contentType?: string
  readonly contentEncoding?: string
  readonly contentDisposition?: string
  readonly contentLanguage?: string
  readonly cacheControl?: string
  /** `x-amz-meta-*`, names in lower case as S3 returns them. */
  readonly metadata?: Readonly<Record<string, string>>
  /** Stored and returned only: [SIM] every class reads like `STANDARD` (no archive restore). */
  readonly storageClass?: string
}

export interface PutObjectInput extends S3ObjectHeaders {
  readonly bucket: string
  readonly key: string
  readonly body?: S3Body
  /** Base64 MD5 of the body: S3 refuses a body that does not match (`BadDigest`). */
  readonly contentMD5?: string
  /** `*`: write only if no object has the key (`PreconditionFailed` otherwise). */
  readonly ifNoneMatch?: string
  /** Write only if the current object's ETag is this one. */
  readonly ifMatch?: string
}

export interface PutObjectOutput {
  /** Quoted, as S3 answers it: `"<md5 hex>"`. */
  readonly eTag: string
}

/** The conditions of GET and HEAD (RFC 7232 as S3 applies them). */
export interface S3ReadConditions {
  readonly ifMatch?: string
  readonly ifNoneMatch?: string
  readonly ifModifiedSince?: Date
  readonly ifUnmodifiedSince?: Date
}

export interface GetObjectInput extends S3ReadConditions {
  readonly bucket: string
  readonly key: string
  /** One HTTP byte range: `bytes=0-9`, `bytes=10-`, `bytes=-10`. */
  readonly range?: string
  /** A part of a multipart object (1-based); a plain object has one part. */
  readonly partNumber?: number
}

/** What GET and HEAD answer about an object. */
export interface S3ObjectDescription {
  readonly key: string
  readonly eTag: string
  /** The whole object's size. */
  readonly size: number
  /** Bytes of this answer (the range's length for a ranged GET). */
  readonly contentLength: number
  /** `bytes <first>-<last>/<size>` for a ranged GET. */
  readonly contentRange?: string
  readonly lastModified: Date
  readonly contentType: string
  readonly contentEncoding?: string
  readonly contentDisposition?: string
  readonly contentLanguage?: string
  readonly cacheControl?: string
  readonly metadata: Readonly<Record<string, string>>
  readonly storageClass: string
  /** Parts of a multipart object. */
  readonly partsCount?: number
}

export interface GetObjectOutput extends S3ObjectDescription {
  readonly body: Uint8Array
  /** 206 for a range, 200 otherwise. */
  readonly statusCode: 200 | 206
}

export interface ListObjectsV2Input {
  readonly bucket: string
  readonly prefix?: string
  readonly delimiter?: string
  /** 0–1000 (default 1000); keys and common prefixes both count. */
  readonly maxKeys?: number
  readonly continuationToken?: string
  readonly startAfter?: string
}

export interface S3ListedObject {
  readonly key: string
  readonly lastModified: Date
  readonly eTag: string
  readonly size: number
  readonly storageClass: string
}

export interface ListObjectsV2Output {
  readonly name: string
  readonly prefix: string
  readonly delimiter?: string
  readonly maxKeys: number
  readonly keyCount: number
  readonly isTruncated: boolean
  readonly contents: readonly S3ListedObject[]
  readonly commonPrefixes: readonly string[]
  readonly continuationToken?: string
  readonly nextContinuationToken?: string
  readonly startAfter?: string
}

export interface CopyObjectInput extends S3ObjectHeaders {
  readonly bucket: string
  readonly key: string
  readonly sourceBucket: string
  readonly sourceKey: string
  /** `COPY` (default) keeps the source's headers and metadata; `REPLACE` takes this request's. */
  readonly metadataDirective?: 'COPY' | 'REPLACE'
  readonly copySourceIfMatch?: string
  readonly copySourceIfNoneMatch?: string
  readonly copySourceIfModifiedSince?: Date
  readonly copySourceIfUnmodifiedSince?: Date
}

export interface CopyObjectOutput {
  readonly eTag: string
  readonly lastModified: Date
}

export interface DeleteObjectsOutput {
  readonly deleted: ReadonlyArray<{ readonly key: string }>
  readonly errors: ReadonlyArray<{ readonly key: string; readonly code: string; readonly message: string }>
}

export interface UploadPartInput {
  readonly bucket: string
  readonly key: string
  readonly uploadId: string
  /** 1–10,000. */
  readonly partNumber: number
  readonly body?: S3Body
  readonly contentMD5?: string
}

export interface CompletedPart {
  readonly partNumber: number
  /** The ETag UploadPart answered (quoted or not). */
  readonly eTag: string
}

export interface CompleteMultipartUploadOutput {
  readonly bucket: string
  readonly key: string
  /** `"<md5 of the parts' MD5s>-<part count>"`, as S3 computes it. */
  readonly eTag: string
  readonly location: string
}

export interface S3Part {
  readonly partNumber: number
  readonly eTag: string
  readonly size: number
  readonly lastModified: Date
}

export interface S3MultipartUpload {
  readonly uploadId: string
  readonly key: string
  readonly initiated: Date
  readonly storageClass: string
}

// ------------------------------------------------------------------ notifications

/** `{ key: { filterRules: [{ name: 'prefix' | 'suffix', value }] } }`, as in the S3 API. */
export interface S3NotificationFilter {
  readonly key?: { readonly filterRules?: ReadonlyArray<{ readonly name: string; readonly value: string }> }
}

interface NotificationConfigurationBase {
  /** Optional; S3 makes one when absent (the event's `configurationId`). */
  readonly id?: string
  /** `s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, `s3:ObjectRemoved:Delete`, … */
  readonly events: readonly string[]
  readonly filter?: S3NotificationFilter
}

export interface LambdaFunctionConfiguration extends NotificationConfigurationBase {
  readonly lambdaFunctionArn: string
}

export interface QueueConfiguration extends NotificationConfigurationBase {
  readonly queueArn: string
}

export interface TopicConfiguration extends NotificationConfigurationBase {
  readonly topicArn: string
}

export interface NotificationConfiguration {
  readonly lambdaFunctionConfigurations?: readonly LambdaFunctionConfiguration[]
  readonly queueConfigurations?: readonly QueueConfiguration[]
  readonly topicConfigurations?: readonly TopicConfiguration[]
  /** Every object event goes to the Region's default EventBridge bus (`Object Created`, `Object Deleted`). */
  readonly eventBridgeConfiguration?: Record<string, never>
}

/** One notification S3 sent: the event, where it went, and how the delivery went. */
export interface S3Notification {
  readonly bucket: string
  readonly key: string
  /** `ObjectCreated:Put`, as in the record. */
  readonly eventName: string
  /** The configuration's id; `''` for the bucket's EventBridge delivery. */
  readonly configurationId: string
  readonly destination: string
  /** The `{ Records: [...] }` document delivered (for EventBridge, the event's `detail`). */
  readonly event: object
  readonly result: DeliveryResult
}

export interface S3Bucket {
  readonly name: string
  readonly creationDate: Date
  readonly bucketRegion: string
}

export interface S3Api {
  /**
   * `CreateBucket`. Names follow S3's rules for general purpose buckets (`InvalidBucketName`);
   * creating a bucket you own again answers `BucketAlreadyOwnedByYou`, except in us-east-1, where S3
   * answers 200 and changes nothing. `locationConstraint` defaults to the simulation's Region.
   */
  createBucket(input: { bucket: string; locationConstraint?: string }): { location: string }
  /** `DeleteBucket`: only an empty bucket (`BucketNotEmpty`). */
  deleteBucket(input: { bucket: string }): void
  /** `HeadBucket`: the bucket's Region, or `NoSuchBucket`. */
  headBucket(input: { bucket: string }): { bucketRegion: string }
  /** `ListBuckets`: every bucket, by name. */
  listBuckets(): { buckets: S3Bucket[]; owner: { id: string } }
  /** `PutObject`: stores the bytes (a copy) and sends `ObjectCreated:Put` to the configurations that want it. */
  putObject(input: PutObjectInput): PutObjectOutput
  /** `GetObject`: the object, or one byte range of it (206); `NoSuchKey`, `InvalidRange`, `PreconditionFailed`, `NotModified`. */
  getObject(input: GetObjectInput): GetObjectOutput
  /** `HeadObject`: what GetObject would answer, without the body. */
  headObject(input: GetObjectInput): S3ObjectDescription
  /** `DeleteObject`: succeeds for a key that does not exist, as S3 does. */
  deleteObject(input: { bucket: string; key: string }): void
  /** `DeleteObjects`: up to 1,000 keys; each is deleted (or fails) on its own. */
  deleteObjects(input: { bucket: string; keys: readonly string[] }): DeleteObjectsOutput
  /** `ListObjectsV2`: keys in UTF-8 byte order, rolled up by `delimiter`, in pages of `maxKeys` with a continuation token. */
  listObjectsV2(input: ListObjectsV2Input): ListObjectsV2Output
  /** `CopyObject`: one PUT of the source's bytes (`ObjectCreated:Copy`); copying an object onto itself must change something. */
  copyObject(input: CopyObjectInput): CopyObjectOutput
  createMultipartUpload(input: Omit<PutObjectInput, 'body' | 'contentMD5'>): { bucket: string; key: string; uploadId: string }
  /** Returns the part's ETag (its MD5, quoted). */
  uploadPart(input: UploadPartInput): { eTag: string }
  /** `CompleteMultipartUpload`: the listed parts, in order, become the object (`ObjectCreated:CompleteMultipartUpload`). */
  completeMultipartUpload(input: { bucket: string; key: string; uploadId: string; parts: readonly CompletedPart[] }): CompleteMultipartUploadOutput
  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }): void
  listParts(input: { bucket: string; key: string; uploadId: string }): { parts: S3Part[] }
  listMultipartUploads(input: { bucket: string }): { uploads: S3MultipartUpload[] }
  /**
   * `PutBucketNotificationConfiguration`: replaces the bucket's whole configuration. Each destination
   * is checked as S3 checks it: a function must exist and its resource-based policy must let
   * `s3.amazonaws.com` invoke it for this bucket (else `InvalidArgument`: "Unable to validate the
   * following destination configurations"); configurations whose event types, prefixes and suffixes
   * overlap are refused.
   */
  putBucketNotificationConfiguration(input: { bucket: string; notificationConfiguration: NotificationConfiguration; skipDestinationValidation?: boolean }): void
  getBucketNotificationConfiguration(input: { bucket: string }): NotificationConfiguration
  /** Every notification S3 sent for the bucket, in order. */
  notifications(bucket: string): readonly S3Notification[]
}
