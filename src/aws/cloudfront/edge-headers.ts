/**
 * CloudFront's header map (`{ 'user-agent': [{ key: 'User-Agent', value: 'curl/8' }] }`: lower-case
 * names, one entry per line, `key` spelled as sent) and the rules a function's headers must keep:
 * disallowed headers are never shown to a function and may not be added by one; read-only headers
 * (which differ by trigger) may not be added, removed or changed. Breaking a rule is a validation
 * error: the viewer gets a 502.
 */
import { isHeaderName, isHeaderValue, type HeaderLine } from '../../http/door.js'
import type { EdgeEventType } from './api.js'

export interface CfHeader {
  /** The name as it appears on the wire; optional in a function's result (the map's name is used). */
  readonly key?: string
  readonly value: string
}

export type CfHeaders = Record<string, CfHeader[]>

/** Hop-by-hop and CloudFront's own headers (CloudFront Developer Guide, "Disallowed headers"). */
const DISALLOWED = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
])
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-']

const READ_ONLY: Record<EdgeEventType, readonly string[]> = {
  'viewer-request': ['content-length', 'host', 'transfer-encoding', 'via'],
  'origin-request': ['accept-encoding', 'content-length', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'transfer-encoding', 'via'],
  'origin-response': ['transfer-encoding', 'via'],
  'viewer-response': ['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via'],
}

export function isDisallowed(name: string): boolean {
  const lower = name.toLowerCase()
  return DISALLOWED.has(lower) || DISALLOWED_PREFIXES.some((prefix) => lower.startsWith(prefix))
}

/**
 * The lines a function may see, as CloudFront's map, and the ones kept from it (disallowed): those
 * of a response still reach the viewer after the function; those of a request are dropped.
 */
export function toCfHeaders(lines: readonly HeaderLine[]): { exposed: CfHeaders; hidden: HeaderLine[] } {
  const exposed: CfHeaders = {}
  const hidden: HeaderLine[] = []
  for (const [name, value] of lines) {
    if (isDisallowed(name)) {
      hidden.push([name, value])
      continue
    }
    const lower = name.toLowerCase()
    ;(exposed[lower] ??= []).push({ key: name, value })
  }
  return { exposed, hidden }
}

/** Header lines from a (checked) map, in its order. */
export function fromCfHeaders(headers: CfHeaders): HeaderLine[] {
  const lines: HeaderLine[] = []
  for (const [name, entries] of Object.entries(headers)) for (const entry of entries) lines.push([entry.key ?? name, entry.value])
  return lines
}

/** Bytes of a map's names and values, for the generated-response size limit. */
export function headerBytes(headers: CfHeaders): number {
  let bytes = 0
  for (const [name, entries] of Object.entries(headers)) for (const entry of entries) bytes += Buffer.byteLength(entry.key ?? name) + Buffer.byteLength(entry.value)
  return bytes
}

/**
 * The map a function returned, normalised (a missing `key` becomes the map's name), or why
 * CloudFront refuses it. `before` is the map the function was given (`undefined` for a response it
 * generated: there is nothing to keep read-only then).
 */
export function checkCfHeaders(returned: unknown, before: CfHeaders | undefined, eventType: EdgeEventType): { headers: CfHeaders } | { problem: string } {
  if (returned === undefined || returned === null) return { headers: {} }
  if (typeof returned !== 'object' || Array.isArray(returned)) return { problem: 'The Lambda function returned invalid JSON: The JSON output is not parsable.' }
  const headers: CfHeaders = {}
  for (const [name, entries] of Object.entries(returned as Record<string, unknown>)) {
    if (!Array.isArray(entries)) return { problem: `The Lambda function result failed validation: The function returned an invalid value for the header ${name}.` } // [U]
    const normalised: CfHeader[] = []
    for (const entry of entries as unknown[]) {
      const header = entry as { key?: unknown; value?: unknown } | null
      if (header === null || typeof header !== 'object' || typeof header.value !== 'string' || (header.key !== undefined && typeof header.key !== 'string')) {
        return { problem: `The Lambda function result failed validation: The function returned an invalid value for the header ${name}.` } // [U]
      }
      const key = (header.key as string | undefined) ?? name
      if (key.toLowerCase() !== name || !isHeaderName(key)) {
        return { problem: `The Lambda function result failed validation: The function returned an invalid header name: ${key}.` } // [U]
      }
      if (!isHeaderValue(header.value)) return { problem: `The Lambda function result failed validation: The function returned an invalid value for the header ${name}.` } // [U]
      normalised.push({ key, value: header.value })
    }
    if (normalised.length === 0) continue
    if (isDisallowed(name)) return { problem: 'The Lambda function result failed validation: The function tried to add, delete, or change a disallowed header.' } // [U]
    headers[name] = normalised
  }
  if (before !== undefined) {
    for (const name of READ_ONLY[eventType]) {
      if (!sameValues(before[name], headers[name])) return { problem: 'The Lambda function result failed validation: The function tried to add, delete, or change a read-only header.' }
    }
  }
  return { headers }
}

function sameValues(a: readonly CfHeader[] | undefined, b: readonly CfHeader[] | undefined): boolean {
  const left = a ?? []
  const right = b ?? []
  return left.length === right.length && left.every((entry, i) => entry.value === right[i]?.value)
}
