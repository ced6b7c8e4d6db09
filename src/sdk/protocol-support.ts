/**
 * What the SQS, SNS and EventBridge wire protocols share: deterministic request ids, JSON and XML
 * responses, and a reader for AWS Query (form-urlencoded) bodies.
 */
import { createHash } from 'node:crypto'
import type { SdkBackend } from './backend.js'
import type { WireRequest, WireResponse } from './wire.js'

// ------------------------------------------------------------------ request ids

const requestCounts = new WeakMap<SdkBackend, number>()

/**
 * The request id of one service response: UUID-shaped, derived from the simulation's seed and how
 * many service requests it has answered. Same seed and same calls ⇒ same ids; the kernel's id
 * stream is left alone, so using the SDK does not change the ids functions see.
 */
export function serviceRequestId(sim: SdkBackend): string {
  const count = (requestCounts.get(sim) ?? 0) + 1
  requestCounts.set(sim, count)
  const h = createHash('sha256').update(`lambda-sim/${String(sim.seed)}/service-request/${count}`).digest('hex')
  const variant = '89ab'.charAt(parseInt(h.charAt(16), 16) & 3)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

// ------------------------------------------------------------------ requests

export function headerValue(request: WireRequest, name: string): string | undefined {
  for (const key of Object.keys(request.headers)) if (key.toLowerCase() === name) return request.headers[key]
  return undefined
}

/** The operation named by `x-amz-target: <prefix>.<Operation>`, if the header has that prefix. */
export function targetOperation(request: WireRequest, prefix: string): string | undefined {
  const target = headerValue(request, 'x-amz-target') ?? ''
  return target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : undefined
}

/** A JSON-protocol body: an object, or `undefined` when it is not one. An empty body reads as `{}`. */
export function jsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  const text = new TextDecoder().decode(body).trim()
  if (text === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

// ------------------------------------------------------------------ responses

const encoder = new TextEncoder()

export function textResponse(statusCode: number, contentType: string, requestId: string, text: string, headers: Record<string, string> = {}): WireResponse {
  return {
    statusCode,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, ...headers },
    body: encoder.encode(text),
  }
}

/** Drops the `undefined` members of an output object (the JSON protocols omit absent members). */
export function compact<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member
  return out as { [K in keyof T]: Exclude<T[K], undefined> }
}

// ------------------------------------------------------------------ AWS Query bodies

/** One segment of a dotted query key: `MessageAttributes.entry.1.Value.DataType`. */
export interface QueryNode {
  value: string | undefined
  readonly children: Map<string, QueryNode>
}

/** Parses `a=1&B.member.1=x` into a tree keyed by the dotted segments. Later duplicates win. */
export function parseQuery(text: string): QueryNode {
  const root: QueryNode = { value: undefined, children: new Map() }
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const key = decodeFormComponent(equals < 0 ? pair : pair.slice(0, equals))
    const value = equals < 0 ? '' : decodeFormComponent(pair.slice(equals + 1))
    let node = root
    for (const segment of key.split('.')) {
      let child = node.children.get(segment)
      if (child === undefined) node.children.set(segment, (child = { value: undefined, children: new Map() }))
      node = child
    }
    node.value = value
  }
  return root
}

function decodeFormComponent(text: string): string {
  const plain = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(plain)
  } catch {
    return plain
  }
}

/** The node at a dotted path, if any. */
export function queryNode(node: QueryNode | undefined, path: string): QueryNode | undefined {
  let current = node
  for (const segment of path.split('.')) current = current?.children.get(segment)
  return current
}

export function queryString(node: QueryNode | undefined, path: string): string | undefined {
  return queryNode(node, path)?.value
}

/** `Name.<member>.1`, `Name.<member>.2`, … in index order (indexes start at 1; gaps are skipped). */
export function queryList(node: QueryNode | undefined, path: string, member = 'member'): QueryNode[] {
  const list = queryNode(node, `${path}.${member}`)
  if (list === undefined) return []
  return [...list.children.entries()]
    .filter(([index]) => /^[1-9]\d*$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child)
}

/** `Name.entry.N.<key>` / `Name.entry.N.<value>` as [key, value node] pairs, in index order. */
export function queryMap(node: QueryNode | undefined, path: string, keyName: string, valueName: string): Array<[string, QueryNode]> {
  const pairs: Array<[string, QueryNode]> = []
  for (const entry of queryList(node, path, 'entry')) {
    const key = entry.children.get(keyName)?.value
    const value = entry.children.get(valueName)
    if (key !== undefined && value !== undefined) pairs.push([key, value])
  }
  return pairs
}

// ------------------------------------------------------------------ XML

/** Escapes text for element content and attribute values (carriage returns survive as `&#xD;`). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ENTITIES[c] as string)
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' }

/** `<name>content</name>`; the content is markup already. */
export function xmlElement(name: string, content: string): string {
  return `<${name}>${content}</${name}>`
}

/** `<name>escaped text</name>`, or nothing when the value is absent. */
export function xmlLeaf(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`
}
