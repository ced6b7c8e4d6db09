/**
 * Identifiers every Lambda API input shares (a function name or ARN, a qualifier), with the
 * constraints AWS's API model gives them per operation and the text AWS prints when one fails.
 */
import type { z } from 'zod'
import { functionShapes as S } from './generated/function-constraints.js'
import { awsPattern, stringOf, type MemberConstraints } from './model-constraints.js'
import { schemaOnFirstUse } from './schema-on-first-use.js'

export { awsPattern }

/**
 * A `FunctionName` member as the operation's model shape constrains it: `FunctionName` (≤ 140, no
 * `.` in the name) on the operations that change a function, `NamespacedFunctionName` (≤ 256, `.`
 * and `$LATEST.PUBLISHED` admitted) on reads, Invoke, permissions and event-invoke configs,
 * `UnqualifiedFunctionName` on the recursion config. Length first, then the pattern.
 */
export function functionNameOf(c: MemberConstraints): z.ZodString {
  return stringOf(c)
}

/** A `Qualifier` member as the operation's model shape constrains it. */
export function qualifierOf(c: MemberConstraints): z.ZodString {
  return stringOf(c)
}

/** `FunctionName` on the read operations (GetFunction's `NamespacedFunctionName`). */
export const functionIdentifier = schemaOnFirstUse(() => functionNameOf(S.GetFunctionRequest.FunctionName))

/** `Qualifier` on the read operations (GetFunction's `NumericLatestPublishedOrAliasQualifier`). */
export const qualifierSchema = schemaOnFirstUse(() => qualifierOf(S.GetFunctionRequest.Qualifier))
