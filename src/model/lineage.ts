/**
 * Recursive loop detection (lambda-semantics §10.1) counts, per function, how many times the same
 * triggering event has invoked it, and stops the invocation that would be a function's 17th. The
 * counts ride on the X-Ray header's `Lineage` field, one entry per function the event has passed
 * through: `<8 hex naming the function>:<count>`, joined by `|` (`Lineage=1c2d3e4f:3|a87bd80c:2`).
 * A `Lineage` here is that field's value, so it goes into a header, an SQS message's
 * `AWSTraceHeader` or an SNS message as it is; pure functions of text, so runs replay.
 */
import { LastLookup } from '../kernel/last-lookup.js'

/** The `Lineage` field's value: `<hash>:<count>` entries joined by `|`, in the order the functions were first reached; '' when none. */
export type Lineage = string

/** The lineage of an invocation no chain led to (a direct invoke): no entry for anyone. */
export const NO_LINEAGE: Lineage = ''

/** A function runs at most this many times for one triggering event while its `RecursiveLoop` is `Terminate`. */
export const RECURSION_COUNT_MAX = 16

/** How many times the event has invoked `functionName` (0 without an entry). */
export function lineageCount(lineage: Lineage, functionName: string): number {
  return lineage === NO_LINEAGE ? 0 : (entriesOf(lineage).get(functionHash(functionName)) ?? 0)
}

/** The lineage an invocation of `functionName` runs with: its own entry one more (1 when new), the others as they were. */
export function afterInvoking(lineage: Lineage, functionName: string): Lineage {
  // An event's first invocation (every SQS batch, SNS or EventBridge delivery no loop led to): one entry, as `render` writes it.
  if (lineage === NO_LINEAGE) return `${functionHash(functionName)}:1`
  const entries = entriesOf(lineage)
  const hash = functionHash(functionName)
  entries.set(hash, (entries.get(hash) ?? 0) + 1)
  return render(entries)
}

/** Both in one, each function at its larger count (the messages of an SQS batch; a message's lineage and its header's). */
export function mergeLineages(a: Lineage, b: Lineage): Lineage {
  if (b === NO_LINEAGE || a === b) return a
  if (a === NO_LINEAGE) return b
  const entries = entriesOf(a)
  for (const [hash, count] of entriesOf(b)) entries.set(hash, Math.max(count, entries.get(hash) ?? 0))
  return render(entries)
}

/** A `Lineage` field's text as this module writes it: entries it cannot read (and zero counts) dropped. */
export function parseLineage(text: string): Lineage {
  return render(entriesOf(text))
}

const ENTRY = /^([0-9a-f]{8}):(\d{1,9})$/

function entriesOf(lineage: Lineage): Map<string, number> {
  const entries = new Map<string, number>()
  if (lineage === NO_LINEAGE) return entries
  for (const text of lineage.split('|')) {
    const match = ENTRY.exec(text.trim())
    if (match === null) continue
    const [, hash, count] = match as unknown as [string, string, string]
    entries.set(hash, Math.max(Number(count), entries.get(hash) ?? 0))
  }
  return entries
}

function render(entries: ReadonlyMap<string, number>): Lineage {
  let text = ''
  for (const [hash, count] of entries) if (count > 0) text += `${text === '' ? '' : '|'}${hash}:${count}`
  return text
}

/** The name hashed last: a mapping or a subscription invokes the same function batch after batch. */
const lastHashed = new LastLookup<string, string>()

/** 8 hex digits naming a function in an entry: FNV-1a of its name (AWS's hash is not documented). */
function functionHash(functionName: string): string {
  const known = lastHashed.get(functionName)
  if (known !== undefined) return known
  let h = 0x811c9dc5
  for (let i = 0; i < functionName.length; i++) h = Math.imul(h ^ functionName.charCodeAt(i), 0x01000193)
  return lastHashed.set(functionName, (h >>> 0).toString(16).padStart(8, '0'))
}
