/**
 * The S3 event notification record (event version 2.1), as S3 sends it to a function, a queue or a
 * topic. `S3Service` fills it from a real object event; the `s3Event` builder (src/events/s3.ts)
 * fills it from a test's description. One shape, so both agree field for field.
 */
import type { S3EventRecord } from 'aws-lambda'
import { createHash } from 'node:crypto'

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function derivedUpper(length: number, text: string): string {
  const bytes = createHash('sha512').update(text).digest()
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[(bytes[i] as number) % ALPHANUMERIC.length]
  return out
}

/** The bucket owner's `principalId` in records (14 upper-case letters and digits, as S3 shows it), one per account. */
export function s3OwnerPrincipalId(accountId: string): string {
  return derivedUpper(14, `lambda-sim/s3-owner-principal/${accountId}`)
}

/** `userIdentity.principalId` of the account's requester: an IAM user's unique id (`AWS:AIDA…`). */
export function s3RequesterPrincipalId(accountId: string): string {
  return `AWS:AIDA${derivedUpper(17, `lambda-sim/s3-requester/${accountId}`)}`
}

/** `x-amz-id-2`: S3's host id, derived from the request id (the same in a response's headers and in the record). */
export function s3HostId(requestId: string): string {
  return createHash('sha512').update(`lambda-sim/s3-host/${requestId}`).digest().subarray(0, 56).toString('base64')
}

/** What `encodeURIComponent` leaves alone but S3's form encoding escapes. */
const FORM_ESCAPED = /[!'()~]/g

/**
 * S3's key encoding in notifications: form-style, as `application/x-www-form-urlencoded` encodes
 * (`+` for a space; only letters, digits, `.`, `-`, `_` and `*` kept), with `/` kept. Filter rules
 * are matched against this form of the key.
 */
export function s3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/%20/g, '+')
        .replace(FORM_ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/')
}

/**
 * A record's `sequencer`: the event's time in nanoseconds (16 hex digits) and a counter (4 hex
 * digits) that orders events of one instant, so that for one key a later event has a larger value.
 */
export function s3Sequencer(atMs: number, counter: number): string {
  const time = (BigInt(atMs) * 1_000_000n).toString(16).toUpperCase().padStart(16, '0')
  return `${time}${(counter % 0x10000).toString(16).toUpperCase().padStart(4, '0')}`
}

export interface S3EventRecordFields {
  readonly region: string
  readonly atMs: number
  /** Without the `s3:` prefix: `ObjectCreated:Put`. */
  readonly eventName: string
  readonly principalId: string
  readonly sourceIp: string
  readonly requestId: string
  readonly hostId: string
  readonly configurationId: string
  readonly bucket: string
  readonly ownerPrincipalId: string
  /** The key as stored (the record carries it URL-encoded). */
  readonly key: string
  /** Absent for `ObjectRemoved:*` events, as on AWS. */
  readonly size?: number
  readonly eTag?: string
  readonly versionId?: string
  readonly sequencer: string
}

/**
 * One record. `ObjectRemoved:*` records carry no `size` or `eTag` (the `@types/aws-lambda` type
 * says they always do); `eTag` is unquoted, unlike the ETag header.
 */
export function s3EventRecord(f: S3EventRecordFields): S3EventRecord {
  const object = {
    key: s3EventKey(f.key),
    ...(f.size !== undefined ? { size: f.size } : {}),
    ...(f.eTag !== undefined ? { eTag: f.eTag } : {}),
    ...(f.versionId !== undefined ? { versionId: f.versionId } : {}),
    sequencer: f.sequencer,
  } as S3EventRecord['s3']['object']
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: f.region,
    eventTime: new Date(f.atMs).toISOString(),
    eventName: f.eventName,
    userIdentity: { principalId: f.principalId },
    requestParameters: { sourceIPAddress: f.sourceIp },
    responseElements: { 'x-amz-request-id': f.requestId, 'x-amz-id-2': f.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: f.configurationId,
      bucket: { name: f.bucket, ownerIdentity: { principalId: f.ownerPrincipalId }, arn: `arn:aws:s3:::${f.bucket}` },
      object,
    },
  }
}

/** The `reason` S3 gives EventBridge for each operation, by the notification's event name. */
const EVENTBRIDGE_REASONS: Readonly<Record<string, string>> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
}

/**
 * What a bucket with EventBridge notifications sends its Region's default bus (source `aws.s3`):
 * the detail type and detail of an `Object Created` or `Object Deleted` event; `undefined` for
 * events S3 does not send EventBridge here. The key is not URL-encoded, unlike the record's.
 */
export function s3EventBridgeDetail(f: {
  readonly eventName: string
  readonly bucket: string
  readonly key: string
  readonly size?: number
  readonly eTag?: string
  readonly sequencer: string
  readonly requestId: string
  readonly requester: string
  readonly sourceIp: string
}): { detailType: string; detail: Record<string, unknown> } | undefined {
  const reason = EVENTBRIDGE_REASONS[f.eventName]
  if (reason === undefined) return undefined
  const created = f.eventName.startsWith('ObjectCreated')
  const object = { key: f.key, ...(created && f.size !== undefined ? { size: f.size } : {}), ...(created && f.eTag !== undefined ? { etag: f.eTag } : {}), sequencer: f.sequencer }
  return {
    detailType: created ? 'Object Created' : 'Object Deleted',
    detail: {
      version: '0',
      bucket: { name: f.bucket },
      object,
      'request-id': f.requestId,
      requester: f.requester,
      'source-ip-address': f.sourceIp,
      reason,
      ...(created ? {} : { 'deletion-type': 'Permanently Deleted' }),
    },
  }
}
