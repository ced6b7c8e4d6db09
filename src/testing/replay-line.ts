/**
 * The replay line, read back: `seed=… decisions=… [faults=…] [inputs=…]`.
 *
 * `sim.replayLine()` writes the first three fields; the property helpers add `inputs=` — the
 * generated values the scenario received besides seed, decisions and faults (an arrival schedule,
 * say) — so that one line, pasted from a failure, reproduces the whole run. Every value is JSON
 * except `decisions=seeded` (nothing recorded: the seed decides everything).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { SimulationError } from '../kernel/simulation-error.js'
import type { Decision } from '../kernel/decisions.js'
import { faultPlanSchema, type FaultSpec } from '../lambda/invoke/fault-plan.js'
import type { Simulation } from '../simulation/simulation.js'

/** What a replay line holds. */
export interface ReplaySpec {
  readonly seed: number | string
  /** Recorded decisions to replay first; omitted (`decisions=seeded`): the seed decides. */
  readonly decisions?: readonly Decision[]
  readonly faults?: readonly FaultSpec[]
  /** The scenario's other inputs (JSON), as the property helpers record them. */
  readonly inputs?: Readonly<Record<string, unknown>>
}

const decisionsSchema = schemaOnFirstUse(() => z.array(z.object({ kind: z.string(), value: z.number().min(0).max(1) }).strict()))
const inputsSchema = schemaOnFirstUse(() => z.record(z.string(), z.unknown()))

/** The replay line of a run, with the scenario's other inputs appended when there are any. */
export function replayLineOf(sim: Simulation, inputs?: Readonly<Record<string, unknown>>): string {
  const line = sim.replayLine()
  return inputs === undefined || Object.keys(inputs).length === 0 ? line : `${line} inputs=${JSON.stringify(inputs)}`
}

/** Writes a replay line from its parts (the same text `sim.replayLine()` and `replayLineOf` produce). */
export function formatReplayLine(spec: ReplaySpec): string {
  let line = `seed=${JSON.stringify(spec.seed)} decisions=${spec.decisions === undefined ? 'seeded' : JSON.stringify(spec.decisions)}`
  if (spec.faults !== undefined && spec.faults.length > 0) line += ` faults=${JSON.stringify(spec.faults)}`
  if (spec.inputs !== undefined && Object.keys(spec.inputs).length > 0) line += ` inputs=${JSON.stringify(spec.inputs)}`
  return line
}

/**
 * Reads a replay line back. `text` may be the line itself or any text that contains it — a whole
 * error message, say: the first `seed=` that starts a word starts the line.
 *
 * @example
 * parseReplayLine('seed=7 decisions=seeded faults=[{"invocation":1,"fault":"duplicate"}]')
 * // → { seed: 7, faults: [{ invocation: 1, fault: 'duplicate' }] }
 */
export function parseReplayLine(text: string): ReplaySpec {
  const start = /(^|\s)seed=/.exec(text)
  if (start === null) throw notALine(text, 'no "seed=" in it')
  const reader = new FieldReader(text, start.index + start[0].length)
  const seed = reader.json('seed')
  if (typeof seed !== 'number' && typeof seed !== 'string') throw notALine(text, 'seed must be a number or a string')
  let spec: { seed: number | string; decisions?: Decision[]; faults?: FaultSpec[]; inputs?: Record<string, unknown> } = { seed }
  if (!reader.next('decisions')) throw notALine(text, 'no "decisions=" after the seed')
  if (!reader.literal('seeded')) spec = { ...spec, decisions: validated(decisionsSchema, reader.json('decisions'), 'decisions', text) }
  if (reader.next('faults')) spec = { ...spec, faults: validated(faultPlanSchema, reader.json('faults'), 'faults', text) }
  if (reader.next('inputs')) spec = { ...spec, inputs: validated(inputsSchema, reader.json('inputs'), 'inputs', text) }
  return spec
}

function validated<T>(schema: z.ZodType<T>, value: unknown, field: string, text: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw notALine(text, `${field}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
  return parsed.data
}

function notALine(text: string, why: string): SimulationError {
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text
  return new SimulationError('invalid-argument', `parseReplayLine: not a replay line (${why}): ${shown}`, 'seed=? (this is the line being read)')
}

/** Reads `name=value` fields left to right; a value is one JSON value (or a bare word). */
class FieldReader {
  constructor(
    private readonly text: string,
    private at: number,
  ) {}

  /** Moves past ` name=` when it comes next. */
  next(name: string): boolean {
    const match = new RegExp(`^[ \\t]+${name}=`).exec(this.text.slice(this.at))
    if (match === null) return false
    this.at += match[0].length
    return true
  }

  /** Moves past a bare word when it comes next (and ends there). */
  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false
    const after = this.text[this.at + word.length]
    if (after !== undefined && !/\s/.test(after)) return false
    this.at += word.length
    return true
  }

  /** One JSON value: `"…"`, `[…]`, `{…}`, or a number / literal up to the next white space. */
  json(field: string): unknown {
    const from = this.at
    const end = jsonValueEnd(this.text, from)
    this.at = end
    try {
      return JSON.parse(this.text.slice(from, end)) as unknown
    } catch {
      throw notALine(this.text, `${field} is not JSON: ${this.text.slice(from, end).slice(0, 80)}`)
    }
  }
}

/** Where the JSON value starting at `from` ends: strings and nesting are followed, not guessed. */
function jsonValueEnd(text: string, from: number): number {
  const first = text[from]
  if (first !== '"' && first !== '[' && first !== '{') {
    let end = from
    while (end < text.length && !/\s/.test(text[end] as string)) end++
    return end
  }
  let depth = 0
  let inString = false
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') {
        inString = false
        if (depth === 0) return i + 1
      }
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') depth++
    else if (c === ']' || c === '}') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return text.length
}
