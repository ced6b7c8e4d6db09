/**
 * EventBridge event patterns (the Event Ruler language), as pure functions: `matchesPattern` decides
 * whether an event matches, `patternProblem` says why a pattern is not valid. SNS filter policies use
 * the same language over message attributes (or the message body).
 *
 * Semantics (aws/event-ruler README, EventBridge user guide "Content filtering in event patterns"):
 * - every field named in the pattern must match (AND); a leaf lists values, any of which may match (OR);
 * - an array in the event matches a leaf when any of its elements matches (arrays are "crushed out",
 *   nested arrays too);
 * - arrays of objects match *consistently*: all fields of one nested pattern must match inside the
 *   same array element (Ruler's `rulesForJSONEvent`);
 * - `exists` looks at leaves only: a field holding an object does not "exist" as a leaf;
 * - `$or` with an array of two or more objects is an OR of sub-patterns at that level; otherwise
 *   `$or` is an ordinary field name.
 *
 * [SIM] The event is parsed JSON, so numbers are compared by value (`300` and `300.0` match each
 * other; Ruler compares their JSON text). `cidr` supports IPv4 only.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard', 'cidr'])
const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>='])

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isScalar(value: unknown): value is null | boolean | number | string {
  return value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string'
}

/** `$or` counts as the OR primitive only with an array of two or more objects whose keys are not operators. */
function isOrClause(key: string, value: unknown): value is JsonObject[] {
  return (
    key === '$or' &&
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((alternative) => isObject(alternative) && Object.keys(alternative).every((k) => !OPERATORS.has(k)))
  )
}

/** All elements of a (possibly nested) array, flattened; a non-array is a one-element list. */
function flatten(value: Json | undefined): Json[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) return [value]
  return value.flatMap((element) => flatten(element))
}

// ------------------------------------------------------------------ matching

/** True when `event` matches `pattern`. Assumes a valid pattern (see `patternProblem`). */
export function matchesPattern(pattern: object, event: object): boolean {
  return matchObject(pattern as JsonObject, event as JsonObject)
}

function matchObject(pattern: JsonObject, event: JsonObject): boolean {
  for (const [key, condition] of Object.entries(pattern)) {
    if (isOrClause(key, condition)) {
      if (!condition.some((alternative) => matchObject(alternative, event))) return false
    } else if (Array.isArray(condition)) {
      if (!matchLeaf(condition, event[key])) return false
    } else if (isObject(condition)) {
      if (!matchNested(condition, event[key])) return false
    } else {
      return false
    }
  }
  return true
}

/** A nested pattern against whatever the event holds there: an object, an array of objects, or nothing. */
function matchNested(pattern: JsonObject, value: Json | undefined): boolean {
  const candidates = flatten(value).filter(isObject)
  // Nothing to descend into: only conditions that accept absence (`exists: false`) can hold.
  if (candidates.length === 0) return matchObject(pattern, {})
  return candidates.some((candidate) => matchObject(pattern, candidate))
}

function matchLeaf(conditions: Json[], value: Json | undefined): boolean {
  const leaves = flatten(value).filter(isScalar)
  return conditions.some((condition) => {
    if (isObject(condition) && 'exists' in condition) return condition['exists'] === true ? leaves.length > 0 : leaves.length === 0
    return leaves.some((leaf) => matchValue(condition, leaf))
  })
}

function matchValue(condition: Json, leaf: null | boolean | number | string): boolean {
  if (!isObject(condition)) return condition === leaf
  const [operator, operand] = Object.entries(condition)[0] ?? []
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return typeof leaf === 'string' && affixMatches(operator, operand as Json, leaf)
    case 'equals-ignore-case':
      return typeof leaf === 'string' && typeof operand === 'string' && leaf.toLowerCase() === operand.toLowerCase()
    case 'wildcard':
      return typeof leaf === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(leaf)
    case 'numeric':
      return typeof leaf === 'number' && numericMatches(operand as Json[], leaf)
    case 'anything-but':
      return anythingButMatches(operand as Json, leaf)
    case 'cidr':
      return typeof leaf === 'string' && typeof operand === 'string' && cidrMatches(operand, leaf)
    default:
      return false
  }
}

function affixMatches(kind: 'prefix' | 'suffix', operand: Json, leaf: string): boolean {
  if (typeof operand === 'string') return kind === 'prefix' ? leaf.startsWith(operand) : leaf.endsWith(operand)
  if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    const lower = leaf.toLowerCase()
    const wanted = operand['equals-ignore-case'].toLowerCase()
    return kind === 'prefix' ? lower.startsWith(wanted) : lower.endsWith(wanted)
  }
  return false
}

function anythingButMatches(operand: Json, leaf: null | boolean | number | string): boolean {
  if (isObject(operand)) {
    // anything-but a prefix / suffix / wildcard / equals-ignore-case: only strings can qualify.
    if (typeof leaf !== 'string') return false
    const [operator, inner] = Object.entries(operand)[0] ?? []
    const values = Array.isArray(inner) ? inner : [inner as Json]
    return !values.some((value) => matchValue({ [operator as string]: value }, leaf))
  }
  const excluded = Array.isArray(operand) ? operand : [operand]
  return !excluded.some((value) => value === leaf)
}

function numericMatches(ops: Json[], leaf: number): boolean {
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const bound = ops[i + 1] as number
    switch (ops[i]) {
      case '<':
        if (!(leaf < bound)) return false
        break
      case '<=':
        if (!(leaf <= bound)) return false
        break
      case '=':
        if (!(leaf === bound)) return false
        break
      case '>':
        if (!(leaf > bound)) return false
        break
      case '>=':
        if (!(leaf >= bound)) return false
        break
      default:
        return false
    }
  }
  return true
}

const wildcardCache = new Map<string, RegExp>()

/** `*` matches any run of characters; `\*` is a literal asterisk, `\\` a literal backslash. */
function wildcardRegExp(wildcard: string): RegExp {
  const cached = wildcardCache.get(wildcard)
  if (cached !== undefined) return cached
  let source = ''
  for (let i = 0; i < wildcard.length; i++) {
    const ch = wildcard.charAt(i)
    if (ch === '\\' && i + 1 < wildcard.length) {
      source += escapeRegExp(wildcard.charAt(++i))
    } else if (ch === '*') {
      source += '[\\s\\S]*'
    } else {
      source += escapeRegExp(ch)
    }
  }
  const compiled = new RegExp(`^${source}$`)
  wildcardCache.set(wildcard, compiled)
  return compiled
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined
    const octet = Number(part)
    if (octet > 255) return undefined
    value = value * 256 + octet
  }
  return value
}

function parseCidr(cidr: string): { base: number; bits: number } | undefined {
  const [address, bitsText] = cidr.split('/')
  const base = ipv4ToNumber(address ?? '')
  if (base === undefined) return undefined
  if (bitsText === undefined) return { base, bits: 32 }
  if (!/^\d{1,2}$/.test(bitsText) || Number(bitsText) > 32) return undefined
  return { base, bits: Number(bitsText) }
}

function cidrMatches(cidr: string, leaf: string): boolean {
  const range = parseCidr(cidr)
  const address = ipv4ToNumber(leaf)
  if (range === undefined || address === undefined) return false
  const size = 2 ** (32 - range.bits)
  return Math.floor(address / size) === Math.floor(range.base / size)
}

// ------------------------------------------------------------------ validation

/**
 * Why `pattern` is not a valid event pattern, or `undefined` when it is. [SIM] The reasons are the
 * simulator's own wording; AWS answers `Event pattern is not valid. Reason: …` with other texts.
 */
export function patternProblem(pattern: unknown): string | undefined {
  if (!isObject(pattern)) return 'Filter is not an object'
  return objectProblem(pattern, '')
}

function objectProblem(pattern: JsonObject, path: string): string | undefined {
  for (const [key, condition] of Object.entries(pattern)) {
    const here = path === '' ? key : `${path}.${key}`
    if (isOrClause(key, condition)) {
      for (const alternative of condition) {
        const problem = objectProblem(alternative, path)
        if (problem !== undefined) return problem
      }
    } else if (Array.isArray(condition)) {
      if (condition.length === 0) return `Empty arrays are not allowed at "${here}"`
      for (const value of condition) {
        const problem = valueProblem(value, here)
        if (problem !== undefined) return problem
      }
    } else if (isObject(condition)) {
      if (Object.keys(condition).length === 0) return `Empty objects are not allowed at "${here}"`
      const problem = objectProblem(condition, here)
      if (problem !== undefined) return problem
    } else {
      return `"${here}" must be an object or an array`
    }
  }
  return undefined
}

function valueProblem(value: Json, path: string): string | undefined {
  if (isScalar(value)) return undefined
  if (Array.isArray(value)) return `Match value at "${path}" must be a string, number, boolean, null or an operator object`
  const keys = Object.keys(value)
  if (keys.length !== 1) return `Operator objects at "${path}" must have exactly one key`
  const operator = keys[0] as string
  const operand = value[operator] as Json
  switch (operator) {
    case 'exists':
      return typeof operand === 'boolean' ? undefined : 'exists match pattern must be either true or false.'
    case 'prefix':
    case 'suffix':
      if (typeof operand === 'string') return undefined
      if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string') return undefined
      return `${operator} match pattern must be a string`
    case 'equals-ignore-case':
      return typeof operand === 'string' ? undefined : 'equals-ignore-case match pattern must be a string'
    case 'wildcard':
      return typeof operand === 'string' ? wildcardProblem(operand) : 'wildcard match pattern must be a string'
    case 'cidr':
      return typeof operand === 'string' && parseCidr(operand) !== undefined ? undefined : `Malformed CIDR, one '/' required (IPv4 only in the simulator)`
    case 'numeric':
      return numericProblem(operand)
    case 'anything-but':
      return anythingButProblem(operand)
    default:
      return `Unrecognized match type ${operator}`
  }
}

function wildcardProblem(wildcard: string): string | undefined {
  if (wildcard.includes('**')) return 'Consecutive wildcard characters at pos ' + wildcard.indexOf('**')
  for (let i = 0; i < wildcard.length; i++) {
    if (wildcard.charAt(i) !== '\\') continue
    const next = wildcard.charAt(i + 1)
    if (next !== '*' && next !== '\\') return 'Invalid escape character at pos ' + i
    i++
  }
  return undefined
}

function numericProblem(operand: Json): string | undefined {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    return 'Value of numeric must be an array of operator/number pairs'
  }
  let lower = false
  let upper = false
  let equals = false
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i]
    const bound = operand[i + 1]
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op)) return `Unrecognized numeric range operator: ${JSON.stringify(op)}`
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return `Value of ${op} must be numeric`
    if (op === '=') equals = true
    else if (op.startsWith('>')) {
      if (lower) return 'Two Bottom values specified'
      lower = true
    } else {
      if (upper) return 'Two Top values specified'
      upper = true
    }
  }
  if (equals && operand.length > 2) return '"=" must be the only operator in a numeric match'
  if (lower && upper) {
    const bottom = (operand[0] as string).startsWith('>') ? (operand[1] as number) : (operand[3] as number)
    const top = (operand[0] as string).startsWith('<') ? (operand[1] as number) : (operand[3] as number)
    if (!(bottom < top)) return 'Bottom must be less than top'
  }
  return undefined
}

function anythingButProblem(operand: Json): string | undefined {
  if (typeof operand === 'string' || typeof operand === 'number') return undefined
  if (Array.isArray(operand)) {
    if (operand.length === 0) return 'Empty arrays are not allowed in anything-but'
    const allStrings = operand.every((v) => typeof v === 'string')
    const allNumbers = operand.every((v) => typeof v === 'number')
    return allStrings || allNumbers ? undefined : 'Inside anything but list, start|null|boolean is not supported.'
  }
  if (isObject(operand)) {
    const keys = Object.keys(operand)
    const inner = keys[0] as string
    if (keys.length !== 1 || !['prefix', 'suffix', 'wildcard', 'equals-ignore-case'].includes(inner)) {
      return 'Unsupported anything-but pattern: ' + keys.join(',')
    }
    const value = operand[inner] as Json
    const values = Array.isArray(value) ? value : [value]
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) return `Value of anything-but ${inner} must be a string or a list of strings`
    if (inner === 'wildcard') return values.map((v) => wildcardProblem(v as string)).find((p) => p !== undefined)
    return undefined
  }
  return 'Value of anything-but must be an array or single string/number value.'
}

/** Parses and validates a pattern given as JSON text (as `PutRule` and `FilterCriteria` take it). */
export function parsePattern(text: string): { ok: true; pattern: object } | { ok: false; reason: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'Filter is not valid JSON' }
  }
  const problem = patternProblem(parsed)
  return problem === undefined ? { ok: true, pattern: parsed as object } : { ok: false, reason: problem }
}
