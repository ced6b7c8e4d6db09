/**
 * Shapes of event objects: which fields are present and what JSON type each one holds, so a test can
 * pin an event against its `@types/aws-lambda` definition field by field.
 *
 * `shapeOf(value)` turns a value into its shape: `'string'`, `'number'`, `'boolean'`, `'null'`, an
 * array of the shapes of its items, or an object of the shapes of its fields. An expected shape is
 * written as a literal checked with `satisfies ShapeOf<T>`: the compiler then refuses a field `T`
 * does not have and demands every field `T` requires, so the expected shape cannot drift from the
 * type.
 */

export type JsonShape = 'string' | 'number' | 'boolean' | 'null' | readonly JsonShape[] | { readonly [key: string]: JsonShape }

export function shapeOf(value: unknown): JsonShape {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.map((item) => shapeOf(item))
  if (typeof value === 'object') {
    const out: Record<string, JsonShape> = {}
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) out[key] = shapeOf(field)
    return out
  }
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'boolean'
  throw new Error(`not a JSON value: ${typeof value}`)
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T]

/** Only fields of `T`, and every field `T` requires (values: shapes, unchecked). */
export type ShapeOf<T> = { readonly [K in RequiredKeys<T>]: JsonShape } & { readonly [K in keyof T]?: JsonShape }

/** ISO-8601 with milliseconds, UTC: `2024-01-01T00:00:00.000Z`. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** ISO-8601 without milliseconds, UTC: `2024-01-01T00:00:00Z` (EventBridge). */
export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
/** A lower-case version-4-shaped UUID. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
