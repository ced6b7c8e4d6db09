/**
 * How S3 answers a read of an object: the one byte range it serves (`Range: bytes=…`), and the
 * conditional headers of GET and HEAD (`If-Match`, `If-None-Match`, `If-Modified-Since`,
 * `If-Unmodified-Since`).
 */
import type { S3ReadConditions } from './api.js'
import { S3Error, s3Errors } from './errors.js'
import { unquotedETag } from './stored-object.js'

/** The bytes `[first, last]` of an object a Range asks for, or `undefined` for the whole object. */
export interface ByteRange {
  readonly first: number
  readonly last: number
}

const RANGE = /^bytes=(\d*)-(\d*)$/

/**
 * S3 serves one range. A header it cannot read (several ranges, another unit, garbage) is ignored
 * and the whole object is served, as HTTP allows; a range that starts past the end is refused
 * (`InvalidRange`, 416).
 */
export function byteRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined
  const match = RANGE.exec(header.trim())
  if (match === null) return undefined
  const [, start = '', end = ''] = match
  if (start === '' && end === '') return undefined
  const refuse = (): S3Error => new S3Error('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: header, ActualObjectSize: String(size) })
  if (start === '') {
    const suffix = Number(end)
    if (suffix === 0 || size === 0) throw refuse()
    return { first: Math.max(0, size - suffix), last: size - 1 }
  }
  const first = Number(start)
  const last = end === '' ? size - 1 : Math.min(Number(end), size - 1)
  if (end !== '' && Number(end) < first) return undefined
  if (first >= size) throw refuse()
  return { first, last }
}

/** True when an `If-Match` / `If-None-Match` list names the ETag (`*` names any). */
export function eTagListMatches(list: string, eTag: string): boolean {
  const current = unquotedETag(eTag)
  return list.split(',').some((item) => item.trim() === '*' || unquotedETag(item) === current)
}

/** Seconds: the precision of `Last-Modified` and the date conditions. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000)
}

type Condition = 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match' | 'If-Modified-Since'

/**
 * The condition that does not hold, in RFC 7232's order: `If-Match`, else `If-Unmodified-Since`;
 * then `If-None-Match`, else `If-Modified-Since` (a date condition is ignored when its ETag
 * counterpart is present, as S3 documents).
 */
function failedCondition(conditions: S3ReadConditions, eTag: string, lastModifiedMs: number): Condition | undefined {
  if (conditions.ifMatch !== undefined) {
    if (!eTagListMatches(conditions.ifMatch, eTag)) return 'If-Match'
  } else if (conditions.ifUnmodifiedSince !== undefined && seconds(lastModifiedMs) > seconds(conditions.ifUnmodifiedSince.getTime())) {
    return 'If-Unmodified-Since'
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (eTagListMatches(conditions.ifNoneMatch, eTag)) return 'If-None-Match'
  } else if (conditions.ifModifiedSince !== undefined && seconds(lastModifiedMs) <= seconds(conditions.ifModifiedSince.getTime())) {
    return 'If-Modified-Since'
  }
  return undefined
}

/** The conditions of a GET or HEAD: `If-Match` / `If-Unmodified-Since` fail with 412 `PreconditionFailed`, the others with 304. */
export function checkReadConditions(conditions: S3ReadConditions, eTag: string, lastModifiedMs: number): void {
  const failed = failedCondition(conditions, eTag, lastModifiedMs)
  if (failed === 'If-Match' || failed === 'If-Unmodified-Since') throw s3Errors.preconditionFailed(failed)
  if (failed !== undefined) throw new S3Error('NotModified', 'Not Modified')
}

/** The `x-amz-copy-source-if-…` conditions of a copy: any that does not hold is 412 `PreconditionFailed`. */
export function checkCopySourceConditions(conditions: S3ReadConditions, eTag: string, lastModifiedMs: number): void {
  const failed = failedCondition(conditions, eTag, lastModifiedMs)
  if (failed !== undefined) throw s3Errors.preconditionFailed(`x-amz-copy-source-${failed}`)
}
