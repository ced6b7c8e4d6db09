/**
 * What every event builder shares: where and when the event happens, ids derived from the input,
 * and AWS's time formats.
 *
 * Builders are pure functions of their input. An event's time is `at`, else the simulation's
 * `nowMs` (pass `sim`), else 2024-01-01T00:00:00Z (the simulation's default start). Ids that the
 * caller does not give are hashes of the builder's input, so the same call always builds the same
 * event and two different messages get different ids.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { SimulationError } from '../kernel/simulation-error.js'

/** Where the default time of a built event comes from; a `Simulation` is one. */
export interface SimulationScope {
  readonly nowMs: number
  readonly region: string
  readonly accountId: string
}

/** Epoch milliseconds, a `Date`, or an ISO-8601 string. */
export type TimeInput = number | Date | string

/** The simulation's default start: 2024-01-01T00:00:00Z. */
export const DEFAULT_EVENT_TIME_MS = Date.UTC(2024, 0, 1)
export const DEFAULT_REGION = 'us-east-1'
export const DEFAULT_ACCOUNT_ID = '123456789012'

export const timeInput = schemaOnFirstUse(() => z.union([z.number(), z.date(), z.string()]))

const simulationScope = schemaOnFirstUse(() => z.custom<SimulationScope>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { nowMs?: unknown }).nowMs === 'number' &&
    typeof (value as { region?: unknown }).region === 'string' &&
    typeof (value as { accountId?: unknown }).accountId === 'string',
  { message: 'expected a simulation (an object with nowMs, region and accountId)' },
))

/** The fields every builder takes: when, and in which Region and account. */
export const scopeFields = {
  /** When the event happens (default: `sim.nowMs`, else 2024-01-01T00:00:00Z). */
  at: timeInput.optional(),
  /** A simulation to take the time, Region and account from. */
  sim: simulationScope.optional(),
  /** Default: the simulation's, else `us-east-1`. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'expected a Region like us-east-1' })
    .optional(),
  /** Default: the simulation's, else `123456789012`. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, { message: 'expected 12 digits' })
    .optional(),
}

export interface Scope {
  readonly atMs: number
  readonly region: string
  readonly accountId: string
}

const REPLAY = 'seed=n/a decisions=n/a (event builders are pure: the same input builds the same event)'

/** A builder's input, validated; misuse throws `SimulationError` `invalid-argument`. */
export function parseInput<S extends z.ZodType>(builder: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
  throw new SimulationError('invalid-argument', `${builder}: ${issues.join('; ')}`, REPLAY)
}

export function invalid(builder: string, detail: string): SimulationError {
  return new SimulationError('invalid-argument', `${builder}: ${detail}`, REPLAY)
}

export function timeMs(builder: string, what: string, input: TimeInput): number {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'string' ? Date.parse(input) : input
  if (!Number.isFinite(ms)) throw invalid(builder, `${what} is not a valid time: ${String(input)}`)
  return ms
}

export function resolveScope(
  builder: string,
  input: { readonly at?: TimeInput | undefined; readonly sim?: SimulationScope | undefined; readonly region?: string | undefined; readonly accountId?: string | undefined },
): Scope {
  return {
    atMs: input.at !== undefined ? timeMs(builder, 'at', input.at) : (input.sim?.nowMs ?? DEFAULT_EVENT_TIME_MS),
    region: input.region ?? input.sim?.region ?? DEFAULT_REGION,
    accountId: input.accountId ?? input.sim?.accountId ?? DEFAULT_ACCOUNT_ID,
  }
}

// ------------------------------------------------------------------ derived ids

function digest(parts: readonly unknown[], algorithm: 'sha256' | 'sha512' = 'sha256'): Buffer {
  return createHash(algorithm).update(JSON.stringify(parts)).digest()
}

/** A version-4-shaped UUID derived from `parts`. */
export function derivedUuid(...parts: unknown[]): string {
  const h = digest(parts).toString('hex')
  const variant = '89ab'[parseInt(h.charAt(16), 16) & 3] as string
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** `length` lowercase hex characters derived from `parts` (at most 128). */
export function derivedHex(length: number, ...parts: unknown[]): string {
  return digest(parts, 'sha512').toString('hex').slice(0, length)
}

/** Base64 of `bytes` bytes derived from `parts` (at most 64). */
export function derivedBase64(bytes: number, ...parts: unknown[]): string {
  return digest(parts, 'sha512').subarray(0, bytes).toString('base64')
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** `length` characters of `[a-z0-9]` (or `[A-Z0-9]`) derived from `parts`. */
export function derivedAlphanumeric(length: number, upper: boolean, ...parts: unknown[]): string {
  const bytes = digest(parts, 'sha512')
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[(bytes[i % bytes.length] as number) % ALPHANUMERIC.length]
  return upper ? out.toUpperCase() : out
}

// ------------------------------------------------------------------ time formats

/** `2024-01-01T00:00:00.000Z` (SNS, S3, destination records). */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** `2024-01-01T00:00:00Z` (EventBridge). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** `01/Jan/2024:00:00:00 +0000` (API Gateway's `requestTime` / `time`). */
export function commonLogTime(ms: number): string {
  const d = new Date(ms)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}

/** `Root=1-<epoch seconds, 8 hex>-<24 hex>`, the X-Ray trace header. */
export function traceHeader(ms: number, ...parts: unknown[]): string {
  return `Root=1-${Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0')}-${derivedHex(24, 'trace', ms, ...parts)}`
}

// ------------------------------------------------------------------ ARNs

/** A resource given by name or by ARN: its ARN, name, Region and account. */
export interface ResourceRef {
  readonly arn: string
  readonly name: string
  readonly region: string
  readonly accountId: string
}

/**
 * `value` is a name (the ARN is built in `scope`) or a full ARN of `service` (its Region and account
 * win over the scope's). `resourceOf` turns an ARN's resource part into the name.
 */
export function resourceRef(
  builder: string,
  what: string,
  value: string,
  service: string,
  scope: Scope,
  arnOf: (region: string, accountId: string, name: string) => string,
  resourceOf: (resource: string) => string = (resource) => resource,
): ResourceRef {
  if (!value.startsWith('arn:')) return { arn: arnOf(scope.region, scope.accountId, value), name: value, region: scope.region, accountId: scope.accountId }
  const parts = value.split(':')
  if (parts.length < 6 || parts[2] !== service) throw invalid(builder, `${what} is not an ${service} ARN: ${value}`)
  return { arn: value, name: resourceOf(parts.slice(5).join(':')), region: parts[3] ?? scope.region, accountId: parts[4] ?? scope.accountId }
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex')
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
