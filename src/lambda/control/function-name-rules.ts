/**
 * Where AWS's live answers differ from its API model, for the function's own settings — each rule
 * here is listed in docs/deviations.md ("Validation text").
 *
 * - CreateFunction with a plain name (no `:`): the name is at most 64 characters and the refusal,
 *   worded as Coral words a validation error (length first, then the model's `FunctionName`
 *   pattern), comes as `InvalidParameterValueException`. Given as a full or partial ARN, the
 *   model's `FunctionName` constraints (≤ 140, the pattern) answer with `ValidationException`.
 *   [S] recorded against AWS by LocalStack's snapshot tests (`api_utils.validate_function_name`).
 * - Timeout, MemorySize and EphemeralStorage.Size: the model's upper bounds (5,400 s, 32,768 MB)
 *   belong to durable functions and Lambda Managed Instances; an on-demand function keeps 900 s and
 *   10,240 MB, refused with the Coral text of those bounds. [U] the live text for a value between.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { awsPattern, modelRegExp } from '../../config/model-constraints.js'
import { parseFunctionIdentifier } from '../../model/arn.js'

/** The bounds of an on-demand function where the model's are wider. */
export const ON_DEMAND_LIMITS = { timeoutSeconds: 900, memorySizeMB: 10240, ephemeralStorageMB: 10240 } as const

/** A function's own name (not an ARN) is at most 64 characters. */
export const FUNCTION_NAME_MAX_LENGTH = 64

const createName = S.CreateFunctionRequest.FunctionName
const createNamePattern = modelRegExp(createName.pattern)

/** The problems AWS finds in CreateFunction's plain `FunctionName`, in the order it prints them. */
export function plainFunctionNameProblems(name: string): string[] {
  const problems: string[] = []
  const at = `Value '${name}' at 'functionName' failed to satisfy constraint: `
  if (name.length < createName.min) problems.push(`${at}Member must have length greater than or equal to ${String(createName.min)}`)
  if (name.length > FUNCTION_NAME_MAX_LENGTH) problems.push(`${at}Member must have length less than or equal to ${String(FUNCTION_NAME_MAX_LENGTH)}`)
  if (!createNamePattern.test(name)) problems.push(`${at}${awsPattern(createName.pattern)}`)
  return problems
}

/**
 * CreateFunction's `FunctionName`: AWS's own check for a plain name; for a full or partial ARN the
 * model's constraints, and the function's name out of it (AWS creates the function the ARN names).
 * An ARN with a qualifier names no function that could be created. [U] the text AWS sends then.
 */
export const createFunctionNameSchema = schemaOnFirstUse(() => z
  .string()
  .superRefine((name, context) => {
    if (!name.includes(':')) {
      for (const problem of plainFunctionNameProblems(name)) {
        context.addIssue({ code: 'custom', message: problem, params: { awsInvalidParameterProblem: problem } })
      }
      return
    }
    const checked = createNameAsArn.safeParse(name)
    if (!checked.success) {
      for (const issue of checked.error.issues) context.addIssue({ ...issue, path: [] } as Parameters<typeof context.addIssue>[0])
      return
    }
    const ref = parseFunctionIdentifier(name)
    if (ref === undefined || ref.qualifier !== undefined) {
      const problem = `Unsupported function name: ${name}. CreateFunction takes a function name or an unqualified function ARN.`
      context.addIssue({ code: 'custom', message: problem, params: { awsInvalidParameter: problem } })
      return
    }
    for (const problem of plainFunctionNameProblems(ref.functionName)) {
      context.addIssue({ code: 'custom', message: problem, params: { awsInvalidParameterProblem: problem } })
    }
  })
  .transform((name) => (name.includes(':') ? (parseFunctionIdentifier(name)?.functionName ?? name) : name)))

const createNameAsArn = schemaOnFirstUse(() => z.string().min(createName.min).max(createName.max).regex(createNamePattern, { message: awsPattern(createName.pattern) }))
