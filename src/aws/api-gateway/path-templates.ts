/**
 * Path templates as both kinds of API write them — `/items/{id}`, `/files/{proxy+}` — and how a
 * request path picks one: every template that matches is a candidate, and the most specific wins,
 * segment by segment from the left: a literal beats a `{variable}`, which beats a greedy
 * `{name+}` (so `/items/{id}` beats `/{proxy+}` for `/items/7`, and `/items/new` beats both).
 */
import { decodeLeniently } from '../../http/payload-format-1.js'

export type TemplateSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string }

/** `{id}` → variable, `{proxy+}` → greedy, anything else literal. */
export function segmentOf(part: string): TemplateSegment {
  const variable = /^\{([^{}+]+)(\+)?\}$/.exec(part)
  if (variable === null) return { kind: 'literal', text: part }
  return variable[2] === '+' ? { kind: 'greedy', name: variable[1] as string } : { kind: 'variable', name: variable[1] as string }
}

/** The segments of a template path (`/` has none). */
export function parseTemplate(path: string): TemplateSegment[] {
  return path
    .split('/')
    .filter((part) => part.length > 0)
    .map(segmentOf)
}

/** A request path's segments, still percent-encoded; empty segments (`//`, a trailing `/`) dropped. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0)
}

export interface TemplateMatch {
  /** Decoded values by variable name (a greedy variable holds the rest of the path, `/`-joined). */
  readonly parameters: Record<string, string>
  /** Lower is more specific: one rank per segment (0 literal, 1 variable, 2 greedy). */
  readonly ranks: readonly number[]
}

/** Whether `template` matches the request `segments`, and with what. A greedy segment takes one or more segments. */
export function matchTemplate(template: readonly TemplateSegment[], segments: readonly string[]): TemplateMatch | undefined {
  const parameters: Record<string, string> = {}
  const ranks: number[] = []
  for (let i = 0; i < template.length; i++) {
    const part = template[i] as TemplateSegment
    if (part.kind === 'greedy') {
      // AWS allows a greedy variable only as the last segment; it needs at least one segment.
      if (i >= segments.length) return undefined
      parameters[part.name] = decodeLeniently(segments.slice(i).join('/'))
      ranks.push(2)
      return { parameters, ranks }
    }
    const segment = segments[i]
    if (segment === undefined) return undefined
    if (part.kind === 'literal') {
      if (part.text !== segment) return undefined
      ranks.push(0)
    } else {
      parameters[part.name] = decodeLeniently(segment)
      ranks.push(1)
    }
  }
  return template.length === segments.length ? { parameters, ranks } : undefined
}

/** Negative when `a` is more specific than `b`. */
export function compareSpecificity(a: TemplateMatch, b: TemplateMatch): number {
  const length = Math.min(a.ranks.length, b.ranks.length)
  for (let i = 0; i < length; i++) {
    const difference = (a.ranks[i] as number) - (b.ranks[i] as number)
    if (difference !== 0) return difference
  }
  // Same ranks so far: the longer literal path is the more specific one.
  return b.ranks.length - a.ranks.length
}

/** The most specific of `candidates` that matches `segments`, with its match. */
export function bestMatch<T>(candidates: Iterable<T>, templateOf: (candidate: T) => readonly TemplateSegment[], segments: readonly string[]): { candidate: T; match: TemplateMatch } | undefined {
  let best: { candidate: T; match: TemplateMatch } | undefined
  for (const candidate of candidates) {
    const match = matchTemplate(templateOf(candidate), segments)
    if (match === undefined) continue
    if (best === undefined || compareSpecificity(match, best.match) < 0) best = { candidate, match }
  }
  return best
}
