/**
 * Marker paging as the List* operations do it: `marker` names the first item of the page (the
 * previous page's `nextMarker`), `maxItems` caps the page (default 50).
 */
import { awsErrors } from '../../errors/lambda-error.js'

export interface Page<T> {
  readonly items: T[]
  readonly nextMarker?: string
}

export function paginate<T>(items: readonly T[], markerOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const start = marker === undefined ? 0 : items.findIndex((item) => markerOf(item) === marker)
  if (start < 0) throw awsErrors.invalidParameter('Invalid marker')
  const limit = maxItems ?? 50
  const next = items[start + limit]
  return { items: items.slice(start, start + limit), ...(next !== undefined ? { nextMarker: markerOf(next) } : {}) }
}
