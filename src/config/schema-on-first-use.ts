/**
 * Schemas built on first use instead of at `import('lambda-sim')`.
 *
 * Why: every input of the API is checked by a zod schema (STYLE.md, habit 7), and building them all
 * when the library is imported cost ≈ 35 ms of import time (issue 19) — hundreds of zod objects, most
 * of which a given test never uses (a schema per operation of Lambda, SQS, SNS, EventBridge…).
 *
 * How: `schemaOnFirstUse(() => z.object(…))` is zod's own `z.lazy`: one small object at import; the
 * schema inside is built the first time something parses with it (zod keeps it), and it answers
 * exactly as the schema would (same issues, paths and messages; `z.input` / `z.infer` see through
 * it). What it does not offer is the inner schema's own methods (`.shape`, `.extend`, …): a schema
 * that is extended or read elsewhere stays eager.
 */
import { z } from 'zod'

export function schemaOnFirstUse<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  return z.lazy(build)
}

/**
 * A record of schemas (`schemas.sendMessage`, `schemas.putRecord`, …) built together the first time
 * one of them is read. Why a `Proxy`: the record's keys are known only by building it, and its
 * readers only ever read a member by name (it is never spread or enumerated).
 */
export function schemasOnFirstUse<T extends Record<string, z.ZodType>>(build: () => T): Readonly<T> {
  let built: T | undefined
  return new Proxy({} as T, {
    get: (_target, key) => (built ??= build())[key as keyof T],
  })
}
