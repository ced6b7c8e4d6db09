/**
 * An in-memory Amazon S3: general purpose buckets of one account in the simulation's Region,
 * objects with S3's ETags, ranged and conditional reads, ListObjectsV2, CopyObject, multipart
 * uploads, and event notifications that invoke functions asynchronously (or send to queues and
 * topics) with S3's event record.
 *
 * - Notifications are sent when the write happens, on the virtual clock (no delivery delay), one
 *   record per message, to every configuration whose event type, prefix and suffix match.
 * - As a `DeliveryTarget`, a bucket (`arn:aws:s3:::name`) can be the on-failure destination of a
 *   stream event source mapping: the record is written as an object under the key Lambda uses.
 *
 * [SIM] No versioning, ACLs, bucket policies, encryption settings, tagging or lifecycle rules: an
 * unversioned bucket in which the account may do everything.
 */
import type {
  CompletedPart,
  CompleteMultipartUploadOutput,
  CopyObjectInput,
  CopyObjectOutput,
  DeleteObjectsOutput,
  GetObjectInput,
  GetObjectOutput,
  ListObjectsV2Input,
  ListObjectsV2Output,
  NotificationConfiguration,
  PutObjectInput,
  PutObjectOutput,
  S3Api,
  S3Bucket,
  S3MultipartUpload,
  S3Notification,
  S3ObjectDescription,
  S3Part,
  UploadPartInput,
} from './api.js'
import { S3Error, s3Errors } from './errors.js'
import { createHash } from 'node:crypto'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryRouter, DeliveryTarget, InvokeAsync, OutboundMessage } from '../../lambda/invoke/delivery.js'
import { NO_OUTGOING_TRACE, type OutgoingTrace } from '../../observability/tracer.js'
import { lineageOf } from '../../observability/trace-header.js'
import { NO_LINEAGE, type Lineage } from '../../model/lineage.js'
import { s3EventBridgeDetail, s3EventRecord, s3HostId, s3Sequencer, s3OwnerPrincipalId, s3RequesterPrincipalId } from './event-record.js'
import { compareKeys, listObjects } from './listing.js'
import { assembleUpload, checkPartNumber, type MultipartUpload } from './multipart.js'
import { bucketRegion, checkBucketName, checkKey } from './names.js'
import {
  describeNotificationConfiguration,
  EMPTY_NOTIFICATION_CONFIGURATION,
  notificationMatches,
  parseNotificationConfiguration,
  type DestinationCheck,
  type StoredNotificationConfiguration,
} from './notifications.js'
import { byteRange, checkCopySourceConditions, checkReadConditions, eTagListMatches } from './object-reads.js'
import { bodyBytes, checkContentMd5, describeObject, md5, storedHeaders, toSecond, unquotedETag, type StoredObject } from './stored-object.js'

/** [V] The `Subject` of what S3 publishes to an SNS topic (ignored by queues). */
const S3_NOTIFICATION_SUBJECT = 'Amazon S3 Notification'

interface Bucket {
  readonly name: string
  readonly creationMs: number
  readonly region: string
  readonly objects: Map<string, StoredObject>
  /** The keys in S3's order, rebuilt on the first list after a change. */
  sorted: string[] | undefined
  readonly uploads: Map<string, MultipartUpload>
  notification: StoredNotificationConfiguration
  readonly sent: S3Notification[]
}

/** Who wrote: the lineage behind the write (recursive loop detection) and the trace header it carried. */
interface Requester {
  readonly lineage: Lineage
  readonly traceHeader: string | undefined
}

/** [V] Keys per DeleteObjects request. */
const DELETE_KEYS_MAX = 1000

export class S3Service implements S3Api, DeliveryTarget {
  private readonly buckets = new Map<string, Bucket>()
  /** Orders events of one instant (the record's `sequencer`). */
  private sequence = 0
  /** The id of the request being served, which the records of its writes name. */
  private servingRequestId: string | undefined = undefined

  constructor(
    private readonly kernel: Kernel,
    /** S3's own id stream (upload ids, request ids, configuration ids): using S3 moves no other id. */
    private readonly ids: IdFactory,
    private readonly scope: { readonly region: string; readonly accountId: string },
    private readonly router: DeliveryRouter,
    private readonly invokeAsync: InvokeAsync,
    /** Whether S3 may send to a destination (a function's resource-based policy, a queue, a topic). */
    private readonly checkDestination: DestinationCheck,
    private readonly trace: OutgoingTrace = NO_OUTGOING_TRACE,
  ) {}

  /**
   * Serves one request under the request id its response carries (the SDK bridge's): the records
   * its writes send name that id (`x-amz-request-id`, and the `x-amz-id-2` derived from it), as S3's do.
   */
  serveRequest<T>(requestId: string, run: () => T): T {
    const outer = this.servingRequestId
    this.servingRequestId = requestId
    try {
      return run()
    } finally {
      this.servingRequestId = outer
    }
  }

  // ---------------------------------------------------------------- buckets

  createBucket(input: { bucket: string; locationConstraint?: string }): { location: string } {
    checkBucketName(input.bucket)
    const region = bucketRegion(this.scope.region, input.locationConstraint ?? (this.scope.region === 'us-east-1' ? undefined : this.scope.region))
    const existing = this.buckets.get(input.bucket)
    if (existing !== undefined) {
      // [V] For legacy compatibility, us-east-1 answers 200 to the owner and changes nothing.
      if (this.scope.region !== 'us-east-1') {
        throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: input.bucket })
      }
      return { location: `/${input.bucket}` }
    }
    this.buckets.set(input.bucket, {
      name: input.bucket,
      creationMs: toSecond(this.kernel.nowMs),
      region,
      objects: new Map(),
      sorted: [],
      uploads: new Map(),
      notification: EMPTY_NOTIFICATION_CONFIGURATION,
      sent: [],
    })
    return { location: region === 'us-east-1' ? `/${input.bucket}` : `http://${input.bucket}.s3.amazonaws.com/` }
  }

  deleteBucket(input: { bucket: string }): void {
    const bucket = this.bucket(input.bucket)
    if (bucket.objects.size > 0) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket.name })
    this.buckets.delete(bucket.name)
  }

  headBucket(input: { bucket: string }): { bucketRegion: string } {
    return { bucketRegion: this.bucket(input.bucket).region }
  }

  listBuckets(): { buckets: S3Bucket[]; owner: { id: string } } {
    const names = [...this.buckets.keys()].sort(compareKeys)
    return {
      buckets: names.map((name) => {
        const b = this.buckets.get(name) as Bucket
        return { name, creationDate: new Date(b.creationMs), bucketRegion: b.region }
      }),
      owner: { id: this.canonicalUserId() },
    }
  }

  // ---------------------------------------------------------------- objects

  putObject(input: PutObjectInput): PutObjectOutput {
    return this.putObjectAs(input, this.requester())
  }

  /** PutObject with the lineage of the handler that wrote (the function S3 invokes counts on from it). */
  putObjectAs(input: PutObjectInput, requester: Requester): PutObjectOutput {
    const bucket = this.bucket(input.bucket)
    checkKey(input.key)
    const body = bodyBytes(input.body)
    const digest = md5(body)
    checkContentMd5(input.contentMD5, digest)
    this.checkWriteConditions(bucket, input)
    const object: StoredObject = { key: input.key, body, eTag: `"${digest.toString('hex')}"`, lastModifiedMs: toSecond(this.kernel.nowMs), headers: storedHeaders(input) }
    this.store(bucket, object)
    this.notify(bucket, 'ObjectCreated:Put', object, requester)
    return { eTag: object.eTag }
  }

  getObject(input: GetObjectInput): GetObjectOutput {
    const object = this.object(input.bucket, input.key)
    checkReadConditions(input, object.eTag, object.lastModifiedMs)
    const part = this.partRange(object, input.partNumber)
    const range = part ?? byteRange(input.range, object.body.length)
    if (range === undefined) return { ...describeObject(object, object.body.length), body: object.body, statusCode: 200 }
    const body = object.body.subarray(range.first, range.last + 1)
    return { ...describeObject(object, body.length, `bytes ${range.first}-${range.last}/${object.body.length}`), body, statusCode: 206 }
  }

  headObject(input: GetObjectInput): S3ObjectDescription {
    const { body: _body, statusCode: _status, ...description } = this.getObject(input)
    return description
  }

  deleteObject(input: { bucket: string; key: string }): void {
    this.deleteObjectAs(input, this.requester())
  }

  deleteObjectAs(input: { bucket: string; key: string }, requester: Requester): void {
    const bucket = this.bucket(input.bucket)
    checkKey(input.key)
    // S3 answers 204 and sends `ObjectRemoved:Delete` whether or not the key held an object.
    if (bucket.objects.delete(input.key)) bucket.sorted = undefined
    this.notify(bucket, 'ObjectRemoved:Delete', { key: input.key }, requester)
  }

  deleteObjects(input: { bucket: string; keys: readonly string[] }): DeleteObjectsOutput {
    this.bucket(input.bucket)
    if (input.keys.length === 0) throw s3Errors.malformedXml()
    if (input.keys.length > DELETE_KEYS_MAX) throw s3Errors.malformedXml()
    const deleted: Array<{ key: string }> = []
    const errors: Array<{ key: string; code: string; message: string }> = []
    const requester = this.requester()
    // One request: every removal's record names it.
    this.serveRequest(this.requestId(), () => {
      for (const key of input.keys) {
        try {
          this.deleteObjectAs({ bucket: input.bucket, key }, requester)
          deleted.push({ key })
        } catch (error) {
          if (!(error instanceof S3Error)) throw error
          errors.push({ key, code: error.code, message: error.message })
        }
      }
    })
    return { deleted, errors }
  }

  listObjectsV2(input: ListObjectsV2Input): ListObjectsV2Output {
    const bucket = this.bucket(input.bucket)
    bucket.sorted ??= [...bucket.objects.keys()].sort(compareKeys)
    return listObjects(bucket.name, bucket.sorted, bucket.objects, input)
  }

  copyObject(input: CopyObjectInput): CopyObjectOutput {
    const target = this.bucket(input.bucket)
    checkKey(input.key)
    const source = this.object(input.sourceBucket, input.sourceKey)
    checkCopySourceConditions(
      {
        ...(input.copySourceIfMatch !== undefined ? { ifMatch: input.copySourceIfMatch } : {}),
        ...(input.copySourceIfNoneMatch !== undefined ? { ifNoneMatch: input.copySourceIfNoneMatch } : {}),
        ...(input.copySourceIfModifiedSince !== undefined ? { ifModifiedSince: input.copySourceIfModifiedSince } : {}),
        ...(input.copySourceIfUnmodifiedSince !== undefined ? { ifUnmodifiedSince: input.copySourceIfUnmodifiedSince } : {}),
      },
      source.eTag,
      source.lastModifiedMs,
    )
    const directive = input.metadataDirective ?? 'COPY'
    if (directive !== 'COPY' && directive !== 'REPLACE') throw s3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', String(directive))
    const sameObject = input.sourceBucket === input.bucket && input.sourceKey === input.key
    if (sameObject && directive === 'COPY' && input.storageClass === undefined) {
      throw s3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      )
    }
    const headers = directive === 'REPLACE' ? storedHeaders(input) : { ...source.headers, storageClass: input.storageClass ?? source.headers.storageClass }
    // A copy is one PUT: a multipart source's ETag becomes the MD5 of its bytes.
    const object: StoredObject = { key: input.key, body: source.body, eTag: `"${md5(source.body).toString('hex')}"`, lastModifiedMs: toSecond(this.kernel.nowMs), headers }
    this.store(target, object)
    this.notify(target, 'ObjectCreated:Copy', object, this.requester())
    return { eTag: object.eTag, lastModified: new Date(object.lastModifiedMs) }
  }

  // ---------------------------------------------------------------- multipart uploads

  createMultipartUpload(input: PutObjectInput): { bucket: string; key: string; uploadId: string } {
    const bucket = this.bucket(input.bucket)
    checkKey(input.key)
    const uploadId = Buffer.from(`${this.ids.hex32()}${this.ids.hex32()}`, 'hex').toString('base64url')
    bucket.uploads.set(uploadId, { uploadId, key: input.key, initiatedMs: this.kernel.nowMs, headers: storedHeaders(input), parts: new Map() })
    return { bucket: bucket.name, key: input.key, uploadId }
  }

  uploadPart(input: UploadPartInput): { eTag: string } {
    const upload = this.upload(input.bucket, input.key, input.uploadId)
    checkPartNumber(input.partNumber)
    const body = bodyBytes(input.body)
    const digest = md5(body)
    checkContentMd5(input.contentMD5, digest)
    const eTag = `"${digest.toString('hex')}"`
    upload.parts.set(input.partNumber, { partNumber: input.partNumber, body, md5: digest, eTag, lastModifiedMs: toSecond(this.kernel.nowMs) })
    return { eTag }
  }

  completeMultipartUpload(input: { bucket: string; key: string; uploadId: string; parts: readonly CompletedPart[] }): CompleteMultipartUploadOutput {
    const bucket = this.bucket(input.bucket)
    const upload = this.upload(input.bucket, input.key, input.uploadId)
    const { body, eTag, partSizes } = assembleUpload(upload, input.parts)
    bucket.uploads.delete(upload.uploadId)
    const object: StoredObject = { key: input.key, body, eTag, lastModifiedMs: toSecond(this.kernel.nowMs), headers: upload.headers, partSizes }
    this.store(bucket, object)
    this.notify(bucket, 'ObjectCreated:CompleteMultipartUpload', object, this.requester())
    return { bucket: bucket.name, key: input.key, eTag, location: `https://${bucket.name}.s3.${bucket.region}.amazonaws.com/${encodeURIComponent(input.key).replace(/%2F/g, '/')}` }
  }

  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }): void {
    const upload = this.upload(input.bucket, input.key, input.uploadId)
    this.bucket(input.bucket).uploads.delete(upload.uploadId)
  }

  listParts(input: { bucket: string; key: string; uploadId: string }): { parts: S3Part[] } {
    const upload = this.upload(input.bucket, input.key, input.uploadId)
    const parts = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber)
    return { parts: parts.map((p) => ({ partNumber: p.partNumber, eTag: p.eTag, size: p.body.length, lastModified: new Date(p.lastModifiedMs) })) }
  }

  listMultipartUploads(input: { bucket: string }): { uploads: S3MultipartUpload[] } {
    const uploads = [...this.bucket(input.bucket).uploads.values()].sort((a, b) => compareKeys(a.key, b.key) || a.initiatedMs - b.initiatedMs)
    return { uploads: uploads.map((u) => ({ uploadId: u.uploadId, key: u.key, initiated: new Date(u.initiatedMs), storageClass: u.headers.storageClass })) }
  }

  // ---------------------------------------------------------------- notifications

  putBucketNotificationConfiguration(input: { bucket: string; notificationConfiguration: NotificationConfiguration; skipDestinationValidation?: boolean }): void {
    const bucket = this.bucket(input.bucket)
    const newId = (): string => Buffer.from(this.ids.uuid(), 'utf8').toString('base64')
    const stored = parseNotificationConfiguration(bucket.name, input.notificationConfiguration, newId, input.skipDestinationValidation === true ? undefined : this.checkDestination)
    bucket.notification = stored
    // [V] S3 sends a test message to each new queue and topic destination.
    for (const entry of stored.entries) {
      if (entry.kind === 'lambda') continue
      const requestId = this.requestId()
      const body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date(this.kernel.nowMs).toISOString(), Bucket: bucket.name, RequestId: requestId, HostId: s3HostId(requestId) })
      this.router.deliver(entry.destination, { body, subject: S3_NOTIFICATION_SUBJECT })
    }
  }

  getBucketNotificationConfiguration(input: { bucket: string }): NotificationConfiguration {
    return describeNotificationConfiguration(this.bucket(input.bucket).notification)
  }

  notifications(bucket: string): readonly S3Notification[] {
    return this.bucket(bucket).sent
  }

  // ---------------------------------------------------------------- DeliveryTarget

  accepts(arn: string): boolean {
    return /^arn:aws[a-zA-Z-]*:s3:::/.test(arn)
  }

  /**
   * A record Lambda writes to a bucket (a stream mapping's on-failure destination): the object is
   * `message.objectKey` (Lambda's layout), the body the record. Nothing is written when the bucket
   * does not exist.
   */
  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    const name = arn.slice(arn.indexOf(':::') + 3)
    if (!this.buckets.has(name)) return { ok: false, reason: `S3 bucket ${name} does not exist` }
    const key = message.objectKey ?? this.asyncRecordKey(message.body)
    try {
      const { eTag } = this.putObjectAs({ bucket: name, key, body: message.body, contentType: 'application/json' }, { lineage: message.lineage ?? NO_LINEAGE, traceHeader: message.traceHeader })
      return { ok: true, messageId: eTag }
    } catch (error) {
      if (error instanceof S3Error) return { ok: false, reason: `${error.code}: ${error.message}` }
      throw error
    }
  }

  /**
   * Where an asynchronous invocation's on-failure record goes (a destination that names no key):
   * `aws/lambda/async/<function name>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<UUID>`, the function read
   * from the record's `requestContext.functionArn`.
   */
  private asyncRecordKey(body: string): string {
    let functionName = 'unknown'
    try {
      const arn = (JSON.parse(body) as { requestContext?: { functionArn?: unknown } }).requestContext?.functionArn
      if (typeof arn === 'string') functionName = arn.split(':')[6] ?? functionName
    } catch {
      // Not a record: the name stays `unknown`.
    }
    const iso = new Date(this.kernel.nowMs).toISOString()
    const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 19).replace(/:/g, '.')}`
    return `aws/lambda/async/${functionName}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${stamp}-${this.ids.uuid()}`
  }

  // ---------------------------------------------------------------- internals

  private bucket(name: string): Bucket {
    const bucket = this.buckets.get(name)
    if (bucket === undefined) throw s3Errors.noSuchBucket(String(name))
    return bucket
  }

  private object(bucketName: string, key: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(key)
    if (object === undefined) throw s3Errors.noSuchKey(String(key))
    return object
  }

  private upload(bucketName: string, key: string, uploadId: string): MultipartUpload {
    const upload = this.bucket(bucketName).uploads.get(uploadId)
    if (upload === undefined || upload.key !== key) throw s3Errors.noSuchUpload(String(uploadId))
    return upload
  }

  private store(bucket: Bucket, object: StoredObject): void {
    if (!bucket.objects.has(object.key)) bucket.sorted = undefined
    bucket.objects.set(object.key, object)
  }

  private checkWriteConditions(bucket: Bucket, input: PutObjectInput): void {
    const current = bucket.objects.get(input.key)
    if (input.ifNoneMatch !== undefined) {
      if (input.ifNoneMatch.trim() !== '*') throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' })
      if (current !== undefined) throw s3Errors.preconditionFailed('If-None-Match')
    }
    if (input.ifMatch !== undefined) {
      if (current === undefined) throw s3Errors.noSuchKey(input.key)
      if (!eTagListMatches(input.ifMatch, current.eTag)) throw s3Errors.preconditionFailed('If-Match')
    }
  }

  /** The byte range of one part (`partNumber`): a plain object is its only part. */
  private partRange(object: StoredObject, partNumber: number | undefined): { first: number; last: number } | undefined {
    if (partNumber === undefined) return undefined
    checkPartNumber(partNumber)
    const sizes = object.partSizes ?? [object.body.length]
    if (partNumber > sizes.length) throw new S3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', { PartNumberRequested: String(partNumber), ActualPartCount: String(sizes.length) })
    if (object.partSizes === undefined) return undefined
    let first = 0
    for (let i = 0; i < partNumber - 1; i++) first += sizes[i] as number
    return { first, last: first + (sizes[partNumber - 1] as number) - 1 }
  }

  /**
   * A handler's request carries its invocation's header: its `Lineage` goes with the event, so a
   * function that writes to the bucket that triggers it is stopped at its 17th run (§10.1).
   */
  private requester(): Requester {
    const header = this.trace.outgoing
    return { lineage: lineageOf(header), traceHeader: header }
  }

  /** A write's request id: the one being served (`serveRequest`), else a fresh one. */
  private requestId(): string {
    return this.servingRequestId ?? this.ids.hex32().slice(0, 16).toUpperCase()
  }

  /** 64 hex digits of the account: the canonical user id S3 shows as the owner. */
  private canonicalUserId(): string {
    return createHash('sha256').update(`lambda-sim/s3-owner/${this.scope.accountId}`).digest('hex')
  }

  /** Sends the event to every configuration that wants it, one record per message (a removal names only the key). */
  private notify(bucket: Bucket, eventName: string, object: StoredObject | { readonly key: string }, requester: Requester): void {
    const entries = bucket.notification.entries
    const toEventBridge = bucket.notification.eventBridge
    if (entries.length === 0 && !toEventBridge) return
    const matching = entries.filter((entry) => notificationMatches(entry, eventName, object.key))
    if (matching.length === 0 && !toEventBridge) return
    const atMs = this.kernel.nowMs
    const requestId = this.requestId()
    const removed = eventName.startsWith('ObjectRemoved')
    const sequencer = s3Sequencer(atMs, this.sequence++)
    for (const entry of matching) {
      const record = s3EventRecord({
        region: bucket.region,
        atMs,
        eventName,
        principalId: s3RequesterPrincipalId(this.scope.accountId),
        sourceIp: '192.0.2.1',
        requestId,
        hostId: s3HostId(requestId),
        configurationId: entry.id,
        bucket: bucket.name,
        ownerPrincipalId: s3OwnerPrincipalId(this.scope.accountId),
        key: object.key,
        ...(removed || !('body' in object) ? {} : { size: object.body.length, eTag: unquotedETag(object.eTag) }),
        sequencer,
      })
      const event = { Records: [record] }
      const json = JSON.stringify(event)
      let result: DeliveryResult
      if (entry.kind === 'lambda') {
        // S3 invokes as `s3.amazonaws.com` on the bucket's behalf: the policy is checked again now.
        const denied = this.checkDestination('lambda', entry.destination, bucket.name)
        result = denied !== undefined ? { ok: false, reason: denied } : this.invokeAsync(entry.destination, json, requester.lineage, requester.traceHeader)
      } else {
        result = this.router.deliver(entry.destination, {
          body: json,
          subject: S3_NOTIFICATION_SUBJECT,
          lineage: requester.lineage,
          ...(requester.traceHeader !== undefined ? { traceHeader: requester.traceHeader } : {}),
        })
      }
      bucket.sent.push({ bucket: bucket.name, key: object.key, eventName, configurationId: entry.id, destination: entry.destination, event, result })
    }
    if (toEventBridge) this.notifyEventBridge(bucket, eventName, object, requester, requestId, sequencer)
  }

  /** Every event of a bucket with EventBridge notifications goes to the default bus of its Region, unfiltered. */
  private notifyEventBridge(bucket: Bucket, eventName: string, object: StoredObject | { readonly key: string }, requester: Requester, requestId: string, sequencer: string): void {
    const described = s3EventBridgeDetail({
      eventName,
      bucket: bucket.name,
      key: object.key,
      ...('body' in object ? { size: object.body.length, eTag: unquotedETag(object.eTag) } : {}),
      sequencer,
      requestId,
      requester: this.scope.accountId,
      sourceIp: '192.0.2.1',
    })
    if (described === undefined) return
    const busArn = `arn:aws:events:${bucket.region}:${this.scope.accountId}:event-bus/default`
    const result = this.router.deliver(busArn, {
      body: JSON.stringify(described.detail),
      eventBridge: { source: 'aws.s3', detailType: described.detailType, resources: [`arn:aws:s3:::${bucket.name}`] },
      lineage: requester.lineage,
      ...(requester.traceHeader !== undefined ? { traceHeader: requester.traceHeader } : {}),
    })
    bucket.sent.push({ bucket: bucket.name, key: object.key, eventName, configurationId: '', destination: busArn, event: described.detail, result })
  }
}
