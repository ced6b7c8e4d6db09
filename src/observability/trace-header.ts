/**
 * X-Ray's trace header (`Root=1-<8 hex epoch s>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>`) and the
 * ids in it. Every id is derived from a request id (or from an id and a counter), never drawn, so
 * tracing adds no random draw to a run and an invocation that is not sampled needs nothing stored:
 * its header is worked out when someone reads it.
 */
import { NO_LINEAGE, parseLineage, type Lineage } from '../model/lineage.js'

/** What a header says: the trace, the caller's segment and the caller's sampling decision. */
export interface TraceHeaderParts {
  readonly root: string
  readonly parent: string | undefined
  /** `undefined` when the header carries no decision (`Sampled=?` or none). */
  readonly sampled: boolean | undefined
}

/** The fields of a header; `undefined` when it names no `Root`. Unknown fields (`Self`) are ignored; `lineageOf` reads `Lineage`. */
export function parseTraceHeader(header: string): TraceHeaderParts | undefined {
  let root: string | undefined
  let parent: string | undefined
  let sampled: boolean | undefined
  for (const field of header.split(';')) {
    const at = field.indexOf('=')
    if (at < 0) continue
    const key = field.slice(0, at).trim()
    const value = field.slice(at + 1).trim()
    if (key === 'Root') root = value
    else if (key === 'Parent') parent = value
    else if (key === 'Sampled') sampled = value === '1' ? true : value === '0' ? false : undefined
  }
  return root === undefined || root === '' ? undefined : { root, parent, sampled }
}

/**
 * Recursive loop detection (lambda-semantics §10.1) rides on the header: Lambda writes a `Lineage`
 * field (one `<8 hex>:<count>` entry per function the triggering event has invoked, joined by `|`:
 * model/lineage.ts) into the header of an invocation that an earlier invocation's request led to,
 * the AWS SDK copies the header into every request the handler makes, and SQS, SNS and S3 hand it
 * on with what that request sent.
 */
const LINEAGE = 'Lineage='

/** The `Lineage` a header carries ('' when it has none, or there is no header). */
export function lineageOf(header: string | undefined): Lineage {
  if (header === undefined) return NO_LINEAGE
  const at = header.indexOf(LINEAGE)
  if (at < 0) return NO_LINEAGE
  const end = header.indexOf(';', at)
  return parseLineage(header.slice(at + LINEAGE.length, end < 0 ? undefined : end))
}

/** The header without its `Lineage` field. */
function withoutLineage(header: string): string {
  const at = header.indexOf(LINEAGE)
  if (at < 0) return header
  const end = header.indexOf(';', at)
  const before = header.slice(0, at).replace(/;\s*$/, '')
  if (end < 0) return before
  // A header that starts with the field keeps no leading separator.
  return before === '' ? header.slice(end + 1) : before + header.slice(end)
}

/** The header with `Lineage=<lineage>` in place of any it had (none for '', a direct invocation's). */
export function withLineage(header: string, lineage: Lineage): string {
  const bare = withoutLineage(header)
  return lineage !== NO_LINEAGE ? `${bare};${LINEAGE}${lineage}` : bare
}

/** `to` with the `Lineage` field `from` carries (a downstream call's header keeps its caller's counts). */
export function carryLineage(to: string, from: string | undefined): string {
  if (from === undefined) return to
  const at = from.indexOf(LINEAGE)
  if (at < 0) return to
  const end = from.indexOf(';', at)
  return `${withoutLineage(to)};${from.slice(at, end < 0 ? undefined : end)}`
}

/** The header's text. */
export function formatTraceHeader(root: string, parent: string, sampled: boolean): string {
  return `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}`
}

/** The request id's hex digits. */
function hexOf(requestId: string): string {
  return requestId.replace(/-/g, '')
}

/** A trace id Lambda starts for a request that arrived without one: `1-<epoch s, 8 hex>-<24 hex of the request id>`. */
export function rootFor(requestId: string, originMs: number): string {
  const epochSeconds = Math.floor(originMs / 1000).toString(16).padStart(8, '0')
  return `1-${epochSeconds}-${hexOf(requestId).slice(0, 24)}`
}

/**
 * The id of an invocation's `AWS::Lambda::Function` segment (the `Parent` its handler sees). A later
 * attempt of an async event has the event's request id, so its start time (`retryAtMs`) tells it apart.
 */
export function functionSegmentIdFor(requestId: string, retryAtMs?: number): string {
  return retryAtMs === undefined ? hexOf(requestId).slice(16) : mixedId(hexOf(requestId), retryAtMs)
}

/** The id of the `AWS::Lambda` segment of the attempt admitted at `admittedAtMs`. */
export function serviceSegmentIdFor(requestId: string, admittedAtMs: number): string {
  return mixedId(hexOf(requestId), 0x5e41ce ^ admittedAtMs)
}

/** The id of the n-th subsegment of a segment. */
export function subsegmentIdFor(segmentId: string, n: number): string {
  return mixedId(segmentId, n)
}

/** 16 hex digits from a text and a number: two FNV-1a hashes, finished with murmur3's mixer. */
function mixedId(text: string, salt: number): string {
  let h1 = 0x811c9dc5 ^ salt
  let h2 = 0x01000193 ^ Math.imul(salt, 0x9e3779b1)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x85ebca6b)
  }
  return hex8(fmix(h1 ^ h2)) + hex8(fmix(h2 + salt))
}

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/**
 * The header of an invocation nobody samples: its own root (or its caller's), its function segment
 * as the parent, `Sampled=0`. Worked out on each read: nothing is kept for it.
 */
export function unsampledTraceHeader(requestId: string, originMs: number, upstream: string | undefined, retryAtMs: number | undefined): string {
  const root = (upstream !== undefined ? parseTraceHeader(upstream)?.root : undefined) ?? rootFor(requestId, originMs)
  return formatTraceHeader(root, functionSegmentIdFor(requestId, retryAtMs), false)
}
