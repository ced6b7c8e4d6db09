/**
 * Input checks for the facade's own verbs — the ones that are not AWS API operations (AWS ones
 * answer with AWS's exceptions from their schemas). A mistake here is a coded `invalid-argument`
 * SimulationError with the replay line, never a raw `TypeError` from deep inside.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { SimulationError } from '../kernel/simulation-error.js'

const nonEmpty = schemaOnFirstUse(() => z.string().min(1))

const roleAccessRevokeSchema = schemaOnFirstUse(() => z.object({ roleArn: nonEmpty, resourceArn: nonEmpty }).strict())
const roleAccessRestoreSchema = schemaOnFirstUse(() => z.object({ roleArn: nonEmpty.optional() }).strict())
const callerSchema = schemaOnFirstUse(() => z
  .object({ principal: nonEmpty, sourceArn: z.string().optional(), sourceAccount: z.string().optional(), principalOrgId: z.string().optional(), eventSourceToken: z.string().optional() })
  .strict())
const clientOptionsSchema = schemaOnFirstUse(() => z.object({ caller: callerSchema.optional(), retries: z.boolean().optional() }).strict())
const functionNameFilterSchema = schemaOnFirstUse(() => z.string().min(1).optional())

function parse<T>(schema: z.ZodType<T>, input: unknown, verb: string, replay: () => string): T {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => `${i.path.length === 0 ? '(input)' : i.path.join('.')}: ${i.message}`).join('; ')
  throw new SimulationError('invalid-argument', `${verb}: ${issues}`, replay())
}

export const checkRevokeRoleAccess = (input: unknown, replay: () => string): z.output<typeof roleAccessRevokeSchema> =>
  parse(roleAccessRevokeSchema, input, 'revokeRoleAccess', replay)

export const checkRestoreRoleAccess = (input: unknown, replay: () => string): z.output<typeof roleAccessRestoreSchema> =>
  parse(roleAccessRestoreSchema, input ?? {}, 'restoreRoleAccess', replay)

export const checkClientOptions = (input: unknown, replay: () => string): void => {
  parse(clientOptionsSchema, input ?? {}, 'clientConfig', replay)
}

/** An optional function name for the read-only helpers (`environments`, `concurrentExecutions`). */
export const checkFunctionNameFilter = (input: unknown, verb: string, replay: () => string): void => {
  parse(functionNameFilterSchema, input, verb, replay)
}

/** `on(type, listener)`: a type name (or `'*'`) and a function. */
export function checkListener(type: unknown, listener: unknown, replay: () => string): void {
  if (typeof type !== 'string' || type.length === 0) throw new SimulationError('invalid-argument', `on: the event type must be a string such as 'invocation.completed' or '*', got ${String(type)}`, replay())
  if (typeof listener !== 'function') throw new SimulationError('invalid-argument', `on: the listener must be a function, got ${listener === null ? 'null' : typeof listener}`, replay())
}

/** `registeredCode(source)`: `{ zipFile }` or `{ s3Bucket, s3Key }`. */
export function checkCodeSource(source: unknown, replay: () => string): void {
  if (typeof source !== 'object' || source === null || !('zipFile' in source || ('s3Bucket' in source && 's3Key' in source))) {
    throw new SimulationError('invalid-argument', 'registeredCode: expected { zipFile } or { s3Bucket, s3Key }', replay())
  }
}

/** An AWS operation's input as its schema should see it: `null` or `undefined` is an empty request (AWS then names the missing members). */
export const requestOf = <T>(input: T): T => (input ?? {}) as T
