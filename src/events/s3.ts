/**
 * Amazon S3 event notifications as Lambda receives them (`S3Event`, event version 2.1).
 *
 * The object key is URL-encoded as S3 sends it (spaces become `+`), `eventTime` is ISO-8601 with
 * milliseconds, and `sequencer` grows with time so that events for one key sort as S3 ordered them.
 * `ObjectRemoved:*` events carry no `size` or `eTag`, as on AWS (the `@types/aws-lambda` type says
 * they are always there).
 */
import type { S3Event, S3EventRecord } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { s3EventKey, s3EventRecord, s3HostId, s3Sequencer, s3OwnerPrincipalId, s3RequesterPrincipalId } from '../aws/s3/event-record.js'
import { derivedHex, derivedUuid, md5Hex, parseInput, resolveScope, scopeFields, timeInput, timeMs } from './common.js'

const BUILDER = 's3Event'

const recordSchema = schemaOnFirstUse(() => z
  .object({
    bucket: z.string().min(1),
    /** The object key as stored (the event carries it URL-encoded). */
    key: z.string().min(1),
    /** Default `ObjectCreated:Put`. */
    eventName: z.string().regex(/^[A-Za-z]+:[A-Za-z]+(:[A-Za-z]+)?$/, { message: 'expected an S3 event name like ObjectCreated:Put' }).optional(),
    /** The object's content: gives `size` and `eTag` (its MD5) unless those are set. */
    body: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
    size: z.number().int().min(0).optional(),
    eTag: z.string().optional(),
    versionId: z.string().optional(),
    /** Default: the event's time. */
    at: timeInput.optional(),
    /** The notification configuration's id (default: derived from the bucket). */
    configurationId: z.string().optional(),
    /** `userIdentity.principalId` of the requester (default: derived). */
    principalId: z.string().optional(),
    /** `requestParameters.sourceIPAddress` (default `192.0.2.1`). */
    sourceIp: z.string().optional(),
  })
  .strict())

const optionsSchema = schemaOnFirstUse(() => z.object({ ...scopeFields }).strict())

export type S3RecordInput = z.input<typeof recordSchema>
export type S3EventOptions = z.input<typeof optionsSchema>

export { s3EventKey }

/**
 * S3 event notification records (one per object event).
 *
 * @example
 * const event = s3Event([{ bucket: 'uploads', key: 'photos/cat 1.jpg', body: 'bytes' }])
 * // event.Records[0].s3.object.key === 'photos/cat+1.jpg', .size === 5, .eTag === md5('bytes')
 *
 * Gotchas: decode the key in the handler (`decodeURIComponent(key.replace(/\+/g, ' '))`), as on
 * AWS; `ObjectRemoved:*` events have no `size`/`eTag`.
 */
export function s3Event(records: readonly S3RecordInput[], options: S3EventOptions = {}): S3Event {
  const parsedRecords = parseInput(BUILDER, z.array(recordSchema), records)
  const parsed = parseInput(BUILDER, optionsSchema, options)
  const scope = resolveScope(BUILDER, parsed)
  const Records = parsedRecords.map((record, index): S3EventRecord => {
    const atMs = record.at !== undefined ? timeMs(BUILDER, `records.${index}.at`, record.at) : scope.atMs
    const eventName = record.eventName ?? 'ObjectCreated:Put'
    const removed = eventName.startsWith('ObjectRemoved')
    const requestId = derivedHex(16, 'request', [BUILDER, record.bucket, record.key, eventName, atMs, index]).toUpperCase()
    const size = record.size ?? (record.body === undefined ? 0 : typeof record.body === 'string' ? Buffer.byteLength(record.body, 'utf8') : record.body.length)
    const eTag = record.eTag ?? md5Hex(record.body ?? '')
    return s3EventRecord({
      region: scope.region,
      atMs,
      eventName,
      principalId: record.principalId ?? s3RequesterPrincipalId(scope.accountId),
      sourceIp: record.sourceIp ?? '192.0.2.1',
      requestId,
      hostId: s3HostId(requestId),
      configurationId: record.configurationId ?? derivedUuid('configuration', record.bucket),
      bucket: record.bucket,
      ownerPrincipalId: s3OwnerPrincipalId(scope.accountId),
      key: record.key,
      ...(removed ? {} : { size, eTag }),
      ...(record.versionId !== undefined ? { versionId: record.versionId } : {}),
      sequencer: s3Sequencer(atMs, index),
    })
  })
  return { Records }
}
