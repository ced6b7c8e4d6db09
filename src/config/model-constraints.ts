/**
 * zod schemas from the constraints generated out of AWS's API model
 * (`generated/function-constraints.ts`, written by `scripts/generate-aws-constraints.mjs`): a
 * member's length bounds, pattern, numeric range and enum become checks whose failures print what
 * Coral prints, so no pattern or range is typed by hand.
 */
import { z } from 'zod'

/** The constraint text AWS prints for a pattern mismatch. */
export function awsPattern(pattern: string): string {
  return `Member must satisfy regular expression pattern: ${pattern}`
}

/** One member's constraints as the generator writes them. */
export interface MemberConstraints {
  readonly shape?: string
  readonly type: string
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
  readonly enum?: readonly string[]
  readonly member?: MemberConstraints
  readonly key?: MemberConstraints
  readonly value?: MemberConstraints
  readonly required?: boolean
}

/**
 * The model's pattern as a RegExp matching the whole value (Coral uses Java's `matches()`).
 * `\p{…}` classes need the `u` flag; the others stay without it, where `[a-z-_]` is legal.
 */
export function modelRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, pattern.includes('\\p{') ? 'u' : '')
}

/** A string member: length bounds, then the model's pattern (the order AWS reports them in for Lambda). */
export function stringOf(c: MemberConstraints): z.ZodString {
  let schema = z.string()
  if (c.min !== undefined && c.min > 0) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  if (c.pattern !== undefined) schema = schema.regex(modelRegExp(c.pattern), { message: awsPattern(c.pattern) })
  return schema
}

/** An integer member with the model's bounds. */
export function integerOf(c: MemberConstraints): z.ZodNumber {
  let schema = z.number().int()
  if (c.min !== undefined) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  return schema
}

/** An enum member: the model's values, in the model's order (AWS prints them so). */
export function enumOf<const T extends readonly [string, ...string[]]>(c: { readonly enum: T }): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(c.enum as unknown as [T[number], ...T[number][]]) as unknown as z.ZodEnum<{ [K in T[number]]: K }>
}

/** A list member with the model's length bounds. */
export function listOf<T extends z.ZodType>(c: MemberConstraints, item: T): z.ZodArray<T> {
  let schema = z.array(item)
  if (c.min !== undefined && c.min > 0) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  return schema
}

/** Coral's name for a member in messages and the simulation's key: the model's with a lower-case first letter. */
export function memberKey(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1)
}

/**
 * `fields` re-ordered as the model orders the structure's members: zod reports issues in key
 * order, and Coral reports a request's failures in the model's member order. Keys the model does not
 * have (the simulation's own, like `model`) keep their relative order after the model's.
 */
export function inModelOrder<F extends Record<string, unknown>>(members: Readonly<Record<string, unknown>>, fields: F): F {
  const rank = new Map(Object.keys(members).map((member, index) => [memberKey(member), index]))
  const keys = Object.keys(fields)
  const ordered = keys
    .map((key, index) => ({ key, index, rank: rank.get(key) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
  const out: Record<string, unknown> = {}
  for (const { key } of ordered) out[key] = fields[key]
  return out as F
}

/** A number as Java prints it: a double always with a fraction (`1.0`), an integer without. */
function javaNumber(value: number, type: string): string {
  return type === 'double' && Number.isInteger(value) ? value.toFixed(1) : String(value)
}

/**
 * The constraints of a map's key or value (or a list's member) as Coral lists them inside
 * `Map keys must satisfy constraint: [...]`: upper bound, lower bound, pattern, then
 * `Member must not be null` when `notNull` (AWS prints it for some shapes and not others).
 */
export function coralConstraintList(c: MemberConstraints, notNull: boolean): string {
  const bound = c.type === 'string' ? 'length' : 'value'
  const parts: string[] = []
  if (c.max !== undefined) parts.push(`Member must have ${bound} less than or equal to ${javaNumber(c.max, c.type)}`)
  if (c.min !== undefined) parts.push(`Member must have ${bound} greater than or equal to ${javaNumber(c.min, c.type)}`)
  if (c.pattern !== undefined) parts.push(awsPattern(c.pattern))
  if (c.enum !== undefined) parts.push(`Member must satisfy enum value set: [${c.enum.join(', ')}]`)
  if (notNull) parts.push('Member must not be null')
  return `[${parts.join(', ')}]`
}

/** Whether a value meets a member's constraints (a map key or value, checked outside zod). */
export function meetsConstraints(c: MemberConstraints, value: string | number): boolean {
  if (typeof value === 'string') {
    if (c.min !== undefined && value.length < c.min) return false
    if (c.max !== undefined && value.length > c.max) return false
    if (c.pattern !== undefined && !modelRegExp(c.pattern).test(value)) return false
    return c.enum === undefined || c.enum.includes(value)
  }
  if (!Number.isFinite(value)) return false
  if (c.min !== undefined && value < c.min) return false
  return c.max === undefined || value <= c.max
}

/**
 * A list of enum values as Coral checks it: the list's length bounds, and for a bad element one
 * problem on the whole list with every constraint of the member shape — `Value '[x86]' at
 * 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must
 * satisfy enum value set: [x86_64, arm64], Member must not be null]` [S]. The value prints as a
 * Java list (`[a, b]`); `toAwsValidationError` renders the `awsConstraint` issues so.
 */
export function enumListOf<const T extends readonly [string, ...string[]]>(c: {
  readonly min?: number
  readonly max?: number
  readonly member: MemberConstraints & { readonly enum: T }
}): z.ZodType<T[number][], T[number][]> {
  const memberConstraints = coralConstraintList(c.member, true)
  return z.array(z.custom<T[number]>(() => true)).superRefine((values, context) => {
    const problem = (constraint: string): void => context.addIssue({ code: 'custom', message: constraint, params: { awsConstraint: constraint } })
    if (c.min !== undefined && c.min > 0 && values.length < c.min) problem(`Member must have length greater than or equal to ${String(c.min)}`)
    if (c.max !== undefined && values.length > c.max) problem(`Member must have length less than or equal to ${String(c.max)}`)
    if (!values.every((value) => typeof value === 'string' && meetsConstraints(c.member, value))) problem(`Member must satisfy constraint: ${memberConstraints}`)
  })
}
