/**
 * An object as a bucket keeps it: bytes, S3's ETag, the time it was written (to the second, as
 * `Last-Modified` tells it) and the headers S3 stores with it.
 */
import { createHash } from 'node:crypto'
import type { S3Body, S3ObjectDescription, S3ObjectHeaders } from './api.js'
import { S3Error } from './errors.js'

export interface StoredHeaders {
  readonly contentType: string
  readonly contentEncoding?: string
  readonly contentDisposition?: string
  readonly contentLanguage?: string
  readonly cacheControl?: string
  readonly metadata: Readonly<Record<string, string>>
  readonly storageClass: string
}

export interface StoredObject {
  readonly key: string
  readonly body: Uint8Array
  /** Quoted: `"<md5 hex>"`, or `"<hex>-<parts>"` for a multipart object. */
  readonly eTag: string
  readonly lastModifiedMs: number
  readonly headers: StoredHeaders
  /** Sizes of the parts of a multipart object. */
  readonly partSizes?: readonly number[]
}

const STORAGE_CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE'])

/** The headers S3 stores from a write; an object put without a type is `binary/octet-stream`. */
export function storedHeaders(input: S3ObjectHeaders): StoredHeaders {
  const storageClass = input.storageClass ?? 'STANDARD'
  if (!STORAGE_CLASSES.has(storageClass)) throw new S3Error('InvalidArgument', 'Invalid storage class.', { ArgumentName: 'x-amz-storage-class', ArgumentValue: storageClass })
  const metadata: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.metadata ?? {})) metadata[name.toLowerCase()] = String(value)
  return {
    contentType: input.contentType ?? 'binary/octet-stream',
    ...(input.contentEncoding !== undefined ? { contentEncoding: input.contentEncoding } : {}),
    ...(input.contentDisposition !== undefined ? { contentDisposition: input.contentDisposition } : {}),
    ...(input.contentLanguage !== undefined ? { contentLanguage: input.contentLanguage } : {}),
    ...(input.cacheControl !== undefined ? { cacheControl: input.cacheControl } : {}),
    metadata,
    storageClass,
  }
}

/** The bytes to store: a copy, so the caller's later changes to its buffer do not reach the object. */
export function bodyBytes(body: S3Body | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array()
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (!(body instanceof Uint8Array)) throw new TypeError(`lambda-sim: an S3 body is a string or a Uint8Array, not ${Object.prototype.toString.call(body)}`)
  return Buffer.from(body)
}

/** An ETag without its quotes (and a weak `W/` marker): how a record carries it and how S3 compares ETags. */
export function unquotedETag(eTag: string): string {
  return eTag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1')
}

export function md5(body: Uint8Array): Buffer {
  return createHash('md5').update(body).digest()
}

/** S3 refuses a body whose MD5 is not the `Content-MD5` sent with it. */
export function checkContentMd5(contentMD5: string | undefined, digest: Buffer): void {
  if (contentMD5 === undefined) return
  const sent = Buffer.from(contentMD5, 'base64')
  if (sent.length !== 16 || sent.toString('base64') !== contentMD5.trim()) throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': contentMD5 })
  if (!sent.equals(digest)) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: contentMD5,
      CalculatedDigest: digest.toString('base64'),
    })
  }
}

/** Seconds, as S3 keeps `Last-Modified`. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

export function describeObject(object: StoredObject, contentLength: number, contentRange?: string): S3ObjectDescription {
  const h = object.headers
  return {
    key: object.key,
    eTag: object.eTag,
    size: object.body.length,
    contentLength,
    ...(contentRange !== undefined ? { contentRange } : {}),
    lastModified: new Date(object.lastModifiedMs),
    contentType: h.contentType,
    ...(h.contentEncoding !== undefined ? { contentEncoding: h.contentEncoding } : {}),
    ...(h.contentDisposition !== undefined ? { contentDisposition: h.contentDisposition } : {}),
    ...(h.contentLanguage !== undefined ? { contentLanguage: h.contentLanguage } : {}),
    ...(h.cacheControl !== undefined ? { cacheControl: h.cacheControl } : {}),
    metadata: { ...h.metadata },
    storageClass: h.storageClass,
    ...(object.partSizes !== undefined ? { partsCount: object.partSizes.length } : {}),
  }
}
