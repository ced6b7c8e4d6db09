/**
 * The JSON boundary. A request payload is serialised by the caller and parsed fresh for the handler;
 * a result is serialised when the handler settles and parsed fresh for the caller. Neither side ever
 * holds the other's objects.
 */
export const SYNC_REQUEST_LIMIT_BYTES = 6_291_456
/** The response threshold AWS enforces is 6 MB + 100 bytes. */
export const SYNC_RESPONSE_LIMIT_BYTES = 6_291_556

export type SerializeResult = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly error: Error }

/** `JSON.stringify(v === undefined ? null : v)`, as the runtime does; failures become its error. */
export function serializeResult(value: unknown): SerializeResult {
  try {
    const json = JSON.stringify(value === undefined ? null : value)
    // A function or symbol at top level stringifies to undefined; the runtime would send nothing.
    return { ok: true, json: json === undefined ? 'null' : json }
  } catch {
    return { ok: false, error: new Error('Unable to stringify response body') }
  }
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** `byteLength(text) > limitBytes`, without measuring text too short to exceed it (3 bytes per UTF-16 unit at most). */
export function exceedsBytes(text: string, limitBytes: number): boolean {
  return text.length * 3 > limitBytes && byteLength(text) > limitBytes
}

/** Parses a payload known to be valid JSON (an empty payload is `{}`, as Lambda hands it over). */
export function parsePayload(json: string): unknown {
  return json.length === 0 ? {} : JSON.parse(json)
}

/**
 * A request body held as values instead of text, for a caller that assembled the event itself (an
 * event source's records). `event()` returns a fresh value equal to `JSON.parse` of the body's
 * serialization — each attempt gets its own, so a handler that mutates its event changes nothing
 * else. The caller keeps to the request limits itself (it knows the sizes: `plainJsonBytes`).
 *
 * Why: serializing records only for the handler's runtime to parse them back was the largest cost
 * of a message on the SQS source (docs/performance.md); copying plain data costs a fraction of it.
 */
export interface BuiltPayload {
  event(): unknown
}

/** A request body: JSON text (`''` for none), or built values. */
export type RequestPayload = string | BuiltPayload

/** The handler's event for a request body. */
export function requestEvent(payload: RequestPayload): unknown {
  return typeof payload === 'string' ? parsePayload(payload) : payload.event()
}

/** UTF-8 size of `JSON.stringify(text)`. */
export function jsonStringBytes(text: string): number {
  // Printable ASCII is one byte a character, plus one for each escaped quote; anything else
  // (escapes, multi-byte characters, lone surrogates) is measured on the real serialization.
  let quotes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0x22) quotes++
    else if (code < 0x20 || code > 0x7e || code === 0x5c) return byteLength(JSON.stringify(text))
  }
  return text.length + 2 + quotes
}

/** UTF-8 size of `JSON.stringify(value)` for plain data (strings, plain objects and arrays of them, no `undefined` members), without building the text. */
export function plainJsonBytes(value: unknown): number {
  if (typeof value === 'string') return jsonStringBytes(value)
  if (Array.isArray(value)) {
    let bytes = value.length === 0 ? 2 : value.length + 1
    for (const item of value) bytes += plainJsonBytes(item)
    return bytes
  }
  let bytes = 1
  let members = 0
  for (const key in value as Record<string, unknown>) {
    bytes += jsonStringBytes(key) + 1 + plainJsonBytes((value as Record<string, unknown>)[key])
    members++
  }
  return bytes + (members === 0 ? 1 : members)
}

/** A fresh copy of plain data (strings, plain objects and arrays): what a JSON round trip returns. */
export function copyPlainJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyPlainJson) as T
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    const item = copyPlainJson((value as Record<string, unknown>)[key])
    // An own `__proto__` member (JSON.parse makes one) must not become the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true })
    else copy[key] = item
  }
  return copy as T
}

/**
 * What `JSON.parse(JSON.stringify(value))` returns, copied without the text, when `value` is small
 * plain data; `undefined` when it is anything else (the caller then takes the JSON round trip).
 *
 * Why: on Node 20 each JSON step of a small payload costs ≈ 0.25 µs, and a call of `sim.invoke`
 * took four (the request stringified and parsed for the handler, the result stringified and parsed
 * for the caller) — ≈ 10 % of a sequential invoke; a copy of a few members costs ≈ 0.03 µs.
 *
 * Plain means: `null`, booleans, strings, finite numbers, arrays (of `Array.prototype`, no holes)
 * and objects whose prototype is `Object.prototype` or `null`, all the way down, with no
 * `undefined`, function or symbol member (JSON drops those, or writes `null`; not copied, so
 * nothing here has to mirror those rules), at most `PLAIN_DEPTH_MAX` deep (a cycle is not plain)
 * and `PLAIN_SIZE_MAX` characters of strings, keys and members all told (a large body takes the
 * text path, where the request and response size limits are measured). `-0` copies as `0`, as
 * the round trip gives. Own enumerable string keys in `Object.keys` order, the order
 * `JSON.stringify` writes them; an own `__proto__` member stays a member. A getter is read once
 * here — and once more by `JSON.stringify` if the value turns out not to be plain or a getter
 * throws (the round trip then reports it, as before).
 */
export function copyIfPlainJson(value: unknown): unknown {
  const budget = { left: PLAIN_SIZE_MAX }
  try {
    return copyPlain(value, 0, budget)
  } catch {
    // A getter or proxy trap threw: the JSON path meets it again and answers as it always has.
    return undefined
  }
}

/** Beyond this depth a value takes the JSON path (which reports a cycle as JSON does). */
const PLAIN_DEPTH_MAX = 64
/** Characters (strings and keys) plus members a copied value may hold: its JSON stays far below the 6 MB request and response limits (a member's text is at most ≈ 26 bytes, a character's 6). */
const PLAIN_SIZE_MAX = 65_536

function copyPlain(value: unknown, depth: number, budget: { left: number }): unknown {
  switch (typeof value) {
    case 'string':
      budget.left -= value.length
      return budget.left < 0 ? undefined : value
    case 'boolean':
      return value
    case 'number':
      // JSON writes a non-finite number as null: not plain here. -0 is written "0".
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : undefined
    case 'object':
      break
    default:
      return undefined
  }
  if (value === null) return null
  if (depth >= PLAIN_DEPTH_MAX) return undefined
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto === Array.prototype) {
    const array = value as unknown[]
    const copy = new Array<unknown>(array.length)
    budget.left -= array.length
    if (budget.left < 0) return undefined
    for (let i = 0; i < array.length; i++) {
      const item = copyPlain(array[i], depth + 1, budget)
      if (item === undefined) return undefined
      copy[i] = item
    }
    return copy
  }
  if (proto !== Object.prototype && proto !== null) return undefined
  const record = value as Record<string, unknown>
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(record)) {
    budget.left -= key.length + 1
    const item = copyPlain(record[key], depth + 1, budget)
    if (item === undefined) return undefined
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true })
    else copy[key] = item
  }
  return copy
}

/**
 * A request body taken as a copy of the caller's small plain data (`copyIfPlainJson`) instead of
 * its JSON text: the copy is made when the request is made, so the caller may change its object
 * afterwards, and the first attempt's event is that copy (later ones get copies of it).
 */
export class PlainRequestBody implements BuiltPayload {
  private handedOut = false

  private constructor(private readonly value: unknown) {}

  /** The body for `payload`, or `undefined` when it is not small plain data. */
  static of(payload: unknown): PlainRequestBody | undefined {
    const copy = copyIfPlainJson(payload)
    return copy === undefined ? undefined : new PlainRequestBody(copy)
  }

  event(): unknown {
    if (this.handedOut) return copyPlainJson(this.value)
    this.handedOut = true
    return this.value
  }
}
