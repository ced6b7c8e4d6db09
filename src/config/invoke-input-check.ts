/**
 * The `Invoke` request's fast path: a hand check that recognises a well-formed request and builds
 * exactly what `invokeInputSchema.safeParse` would answer for it, without zod.
 *
 * Why: `sim.invoke` is called once per invocation in a caller's loop, and zod's object parse cost
 * about a sixth of a no-wait invocation (docs/performance.md, issue 19). The check only ever says
 * "well-formed, here is zod's data" or "ask zod": anything unusual (a caller, a client-context
 * object, a class instance, an unknown key, a bad value) goes to the schema, so every error is
 * still zod's, word for word. `test/config/invoke-input-check.test.ts` checks both agree.
 */
import { functionShapes as S } from './generated/function-constraints.js'
import type { invokeInputSchema } from './invoke-schema.js'
import { modelRegExp } from './model-constraints.js'
import type { z } from 'zod'

/** What the schema's `safeParse` answers for a valid request. */
export type InvokeRequest = z.output<typeof invokeInputSchema>

const invocation = S.InvocationRequest
const NAME_MIN = invocation.FunctionName.min
const NAME_MAX = invocation.FunctionName.max
const NAME_PATTERN = modelRegExp(invocation.FunctionName.pattern)
const QUALIFIER_MIN = invocation.Qualifier.min
const QUALIFIER_MAX = invocation.Qualifier.max
const QUALIFIER_PATTERN = modelRegExp(invocation.Qualifier.pattern)
const INVOCATION_TYPES: readonly string[] = invocation.InvocationType.enum
const LOG_TYPES: readonly string[] = invocation.LogType.enum

/** The members the fast path knows, in the schema's order (zod's output keeps that order). */
const KNOWN_KEYS = new Set(['functionName', 'invocationType', 'logType', 'qualifier', 'payload', 'payloadJson', 'clientContext'])

/**
 * The last function name and qualifier that matched their patterns: a loop invokes one function
 * over and over, and a string comparison is far cheaper than the model's regular expression.
 */
// `undefined` at first: no name or qualifier has matched yet (an empty string must not pass as one).
let lastName: string | undefined = undefined
let lastQualifier: string | undefined = undefined

function validName(name: unknown): name is string {
  if (typeof name !== 'string') return false
  if (name === lastName) return true
  if (name.length < NAME_MIN || name.length > NAME_MAX || !NAME_PATTERN.test(name)) return false
  lastName = name
  return true
}

function validQualifier(qualifier: unknown): boolean {
  if (qualifier === undefined) return true
  if (typeof qualifier !== 'string') return false
  if (qualifier === lastQualifier) return true
  if (qualifier.length < QUALIFIER_MIN || qualifier.length > QUALIFIER_MAX || !QUALIFIER_PATTERN.test(qualifier)) return false
  lastQualifier = qualifier
  return true
}

function validEnum(value: unknown, values: readonly string[]): boolean {
  return value === undefined || (typeof value === 'string' && values.includes(value))
}

/**
 * zod's data for a well-formed request, or `undefined`: then parse with `invokeInputSchema` (which
 * answers with the data or with the error). The data is a new object with the request's members in
 * the schema's order, a member given as `undefined` kept, values not copied — as zod builds it.
 */
export function wellFormedInvokeInput(input: unknown): InvokeRequest | undefined {
  if (typeof input !== 'object' || input === null) return undefined
  // A plain object only: zod reads inherited enumerable keys too, and a class may hide getters.
  const proto = Object.getPrototypeOf(input) as unknown
  if (proto !== Object.prototype && proto !== null) return undefined
  const request = input as Record<string, unknown>
  for (const key in request) if (!KNOWN_KEYS.has(key)) return undefined
  const { functionName, invocationType, logType, qualifier, payload, payloadJson, clientContext } = request
  if (!validName(functionName) || !validQualifier(qualifier)) return undefined
  if (!validEnum(invocationType, INVOCATION_TYPES) || !validEnum(logType, LOG_TYPES)) return undefined
  if (payloadJson !== undefined && typeof payloadJson !== 'string' && !(payloadJson instanceof Uint8Array)) return undefined
  // An object client context is copied by zod's record schema: left to zod.
  if (clientContext !== undefined && typeof clientContext !== 'string') return undefined
  const data: Record<string, unknown> = { functionName }
  if ('invocationType' in request) data['invocationType'] = invocationType
  if ('logType' in request) data['logType'] = logType
  if ('qualifier' in request) data['qualifier'] = qualifier
  if ('payload' in request) data['payload'] = payload
  if ('payloadJson' in request) data['payloadJson'] = payloadJson
  if ('clientContext' in request) data['clientContext'] = clientContext
  return data as InvokeRequest
}
