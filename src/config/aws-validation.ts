/**
 * The one zod-to-AWS-error helper for every simulated service. `parseWith(render, schema, input)`
 * parses and, on failure, throws what `render` makes of the zod error: each service says how it
 * renders a validation failure, the parsing is the same for all.
 *
 * Lambda's rendering (`toAwsValidationError`, used by `parseAws`) turns zod issues into AWS's
 * validation messages, e.g. `1 validation error detected: Value '100' at 'memorySize' failed to
 * satisfy constraint: Member must have value greater than or equal to 128`. EventBridge and
 * Application Auto Scaling reuse its message under their own exception (`coralValidationMessage`);
 * SQS renders the first issue in its own words.
 */
import type { z } from 'zod'
import { awsErrors, LambdaError } from '../errors/lambda-error.js'
import { functionShapes as S } from './generated/function-constraints.js'
import { coralConstraintList } from './model-constraints.js'

function renderValue(value: unknown): string {
  if (value === undefined) return 'null'
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) return JSON.stringify(value)
  return String(value)
}

/** A value as Java's `toString` prints it: a list as `[a, b]`. */
function javaValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((item) => javaValue(item)).join(', ')}]` : renderValue(value)
}

/** The value at a zod issue's path in the raw input (`undefined` when absent). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function constraintOf(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length greater than or equal to ${String(issue.minimum)}`
        : `Member must have value greater than or equal to ${String(issue.minimum)}`
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length less than or equal to ${String(issue.maximum)}`
        : `Member must have value less than or equal to ${String(issue.maximum)}`
    case 'invalid_format':
      if (issue.message.startsWith('Member must')) return issue.message
      return 'pattern' in issue && issue.pattern !== undefined
        ? `Member must satisfy regular expression pattern: ${String(issue.pattern).replace(/^\/\^?|\$?\/[a-z]*$/g, '')}`
        : issue.message
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`
    case 'invalid_type':
      // zod v4 leaves `issue.input` unset, so look at the value itself.
      return value === undefined ? 'Member must not be null' : `Member must be of type ${issue.expected}`
    default:
      return issue.message
  }
}

/** The AWS path form: `memorySize`, `ephemeralStorage.size`, `environment.variables`. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.')
}

export function toAwsValidationError(error: z.ZodError, input: unknown): LambdaError {
  const problems: string[] = []
  // Problems a service check words as Coral does but raises as InvalidParameterValueException
  // (CreateFunction's plain function name): they answer only when Coral found nothing.
  const invalidParameterProblems: string[] = []
  let invalidParameter: string | undefined
  for (const issue of error.issues) {
    if (issue.code === 'custom' && typeof issue.params?.['awsInvalidParameterProblem'] === 'string') {
      invalidParameterProblems.push(issue.params['awsInvalidParameterProblem'] as string)
      continue
    }
    // A service-level check (an AWS InvalidParameterValueException) only answers when the request
    // passed model validation: Coral's ValidationException comes first.
    if (issue.code === 'custom' && typeof issue.params?.['awsInvalidParameter'] === 'string') {
      invalidParameter ??= issue.params['awsInvalidParameter'] as string
      continue
    }
    if (issue.code === 'custom' && issue.params?.['awsValidation'] === 'environment.variables') {
      problems.push(
        `Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: ${coralConstraintList(S.Environment.Variables.key, false)}`,
      )
      continue
    }
    // A constraint the schema checked itself (a list's, say): Coral's line, the value as Java prints it.
    if (issue.code === 'custom' && typeof issue.params?.['awsConstraint'] === 'string') {
      problems.push(`Value '${javaValue(valueAt(input, issue.path))}' at '${pathOf(issue.path)}' failed to satisfy constraint: ${issue.params['awsConstraint'] as string}`)
      continue
    }
    // A whole problem text written by the schema (map constraints print Java-style values).
    if (issue.code === 'custom' && typeof issue.params?.['awsProblem'] === 'string') {
      problems.push(issue.params['awsProblem'] as string)
      continue
    }
    const path = pathOf(issue.path)
    const value = valueAt(input, issue.path)
    // Coral prints a missing member unquoted: `Value null at 'functionName'`.
    const shown = value === undefined ? 'null' : `'${renderValue(value)}'`
    problems.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraintOf(issue, value)}`)
  }
  if (problems.length === 0 && invalidParameterProblems.length > 0) {
    return awsErrors.invalidParameter(awsErrors.validation(invalidParameterProblems).message)
  }
  if (problems.length === 0 && invalidParameter !== undefined) return awsErrors.invalidParameter(invalidParameter)
  return awsErrors.validation(problems)
}

/** The text of Lambda's (Coral's) validation answer, for services that send it under their own exception. */
export function coralValidationMessage(error: z.ZodError, input: unknown): string {
  return toAwsValidationError(error, input).message
}

/** How a service renders a failed parse: the zod error and the raw input to the error it throws. */
export type ValidationRenderer<E extends Error = Error> = (error: z.ZodError, input: unknown) => E

/** The parse result without throwing: the data, or the rendered error (for callers that answer errors as data). */
export function safeParseWith<S extends z.ZodType, E extends Error>(
  render: ValidationRenderer<E>,
  schema: S,
  input: unknown,
): { readonly success: true; readonly data: z.output<S> } | { readonly success: false; readonly error: E } {
  const result = schema.safeParse(input)
  return result.success ? { success: true, data: result.data } : { success: false, error: render(result.error, input) }
}

/** Parses `input` with `schema`, throwing `render`'s error on failure. */
export function parseWith<S extends z.ZodType>(render: ValidationRenderer, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw render(result.error, input)
  return result.data
}

/** A service's parser: `parseWith` bound to its renderer. */
export function awsParser(render: ValidationRenderer): <S extends z.ZodType>(schema: S, input: unknown) => z.output<S> {
  return (schema, input) => parseWith(render, schema, input)
}

/** Parses `input` with `schema`, throwing Lambda's AWS-shaped error on failure. */
export function parseAws<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseWith(toAwsValidationError, schema, input)
}
