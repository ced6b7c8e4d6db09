/**
 * ListObjectsV2 over a bucket's keys: UTF-8 binary order, `prefix`, `delimiter` rolling keys up
 * into common prefixes, pages of `maxKeys` entries (keys and common prefixes both count), and the
 * continuation token that resumes after the last entry of a page.
 */
import type { ListObjectsV2Input, ListObjectsV2Output, S3ListedObject } from './api.js'
import { s3Errors } from './errors.js'
import type { StoredObject } from './stored-object.js'

/** [V] The most entries one page holds. */
export const LIST_PAGE_MAX = 1000

/** Characters where UTF-16 order and UTF-8 byte order part (surrogates sort before U+E000–U+FFFF). */
const HIGH = /[\uD800-\uFFFF]/

/** S3 orders keys by their UTF-8 bytes; below U+D800 that is the strings' own order. */
export function compareKeys(a: string, b: string): number {
  if (!HIGH.test(a) && !HIGH.test(b)) return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** The index of the first key not before `from` (binary search over the sorted keys). */
function firstIndex(sortedKeys: readonly string[], from: string): number {
  let low = 0
  let high = sortedKeys.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compareKeys(sortedKeys[middle] as string, from) < 0) low = middle + 1
    else high = middle
  }
  return low
}

/** Where a page resumes: after a key, or after every key under a common prefix. */
type Resume = { readonly after: string; readonly rolledUp: boolean }

function encodeToken(resume: Resume): string {
  return Buffer.from(`${resume.rolledUp ? 'p' : 'k'}:${resume.after}`, 'utf8').toString('base64')
}

/** ListObjects (version 1) resumes after its `marker`; a marker ending in the delimiter is a common prefix already listed. */
export function markerToken(marker: string, delimiter: string | undefined): string {
  return encodeToken({ after: marker, rolledUp: delimiter !== undefined && delimiter !== '' && marker.endsWith(delimiter) })
}

function decodeToken(token: string): Resume {
  const text = Buffer.from(token, 'base64').toString('utf8')
  if (Buffer.from(text, 'utf8').toString('base64') !== token || !/^[kp]:/.test(text)) {
    throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token)
  }
  return { after: text.slice(2), rolledUp: text.startsWith('p:') }
}

export function listObjects(name: string, sortedKeys: readonly string[], objects: ReadonlyMap<string, StoredObject>, input: ListObjectsV2Input): ListObjectsV2Output {
  const prefix = input.prefix ?? ''
  const delimiter = input.delimiter !== undefined && input.delimiter !== '' ? input.delimiter : undefined
  const maxKeys = input.maxKeys ?? LIST_PAGE_MAX
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(maxKeys))
  const limit = Math.min(maxKeys, LIST_PAGE_MAX)
  const resume: Resume | undefined =
    input.continuationToken !== undefined ? decodeToken(input.continuationToken) : input.startAfter !== undefined && input.startAfter !== '' ? { after: input.startAfter, rolledUp: false } : undefined

  const contents: S3ListedObject[] = []
  const commonPrefixes: string[] = []
  let last: Resume | undefined
  let truncated = false
  // Keys sort before the prefix and the resume point are skipped by a search, not a walk.
  const from = resume !== undefined && compareKeys(resume.after, prefix) > 0 ? resume.after : prefix
  for (let index = firstIndex(sortedKeys, from); index < sortedKeys.length; index++) {
    const key = sortedKeys[index] as string
    // Past the prefix's keys: nothing later can match.
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break
      continue
    }
    if (resume !== undefined && (compareKeys(key, resume.after) <= 0 || (resume.rolledUp && key.startsWith(resume.after)))) continue
    let rolledUp: string | undefined
    if (delimiter !== undefined) {
      const at = key.indexOf(delimiter, prefix.length)
      if (at >= 0) rolledUp = key.slice(0, at + delimiter.length)
    }
    // Keys under the common prefix just listed add nothing.
    if (rolledUp !== undefined && last?.rolledUp === true && last.after === rolledUp) continue
    if (contents.length + commonPrefixes.length >= limit) {
      // `max-keys=0` asks for nothing: S3 answers an empty page that is not truncated (no token).
      truncated = limit > 0
      break
    }
    if (rolledUp !== undefined) {
      commonPrefixes.push(rolledUp)
      last = { after: rolledUp, rolledUp: true }
    } else {
      const object = objects.get(key) as StoredObject
      contents.push({ key, lastModified: new Date(object.lastModifiedMs), eTag: object.eTag, size: object.body.length, storageClass: object.headers.storageClass })
      last = { after: key, rolledUp: false }
    }
  }
  return {
    name,
    prefix,
    ...(delimiter !== undefined ? { delimiter } : {}),
    maxKeys,
    keyCount: contents.length + commonPrefixes.length,
    isTruncated: truncated,
    contents,
    commonPrefixes,
    ...(input.continuationToken !== undefined ? { continuationToken: input.continuationToken } : {}),
    ...(truncated && last !== undefined ? { nextContinuationToken: encodeToken(last) } : {}),
    ...(input.startAfter !== undefined ? { startAfter: input.startAfter } : {}),
  }
}
