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
