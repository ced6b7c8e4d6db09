/**
 * `CreateFunction`'s input checked by hand when it is the common, well-formed kind: a plain function
 * name and a handler function, and at most a dead-letter queue. A property test makes thousands of simulations that
 * each create one such function, and zod's parse of the whole schema was a large part of that
 * (issue 19). The fast path answers exactly what `createFunctionSchema` would (the same object:
 * the same keys in the schema's order — the model's: FunctionName, Code, DeadLetterConfig — the
 * handler itself); anything else — other fields, an ARN as
 * the name, an invalid name, another kind of code — goes to zod, which gives AWS's exact errors.
 * `test/lambda/control/create-function-input.test.ts` checks both paths agree.
 */
import { parseAws } from '../../config/aws-validation.js'
import { plainFunctionNameProblems } from './function-name-rules.js'
import { DEAD_LETTER_TARGET_MAX_LENGTH, DEAD_LETTER_TARGET_PATTERN, deadLetterTargetProblem } from './dead-letter-target.js'
import { modelRegExp } from '../../config/model-constraints.js'
import { createFunctionSchema, type CreateFunctionInput } from './function-schemas.js'
import type { z } from 'zod'

export type ParsedCreateFunction = z.output<typeof createFunctionSchema>

/** The parsed input: by hand for `{ functionName, code }` with a valid plain name and a handler function, else zod. */
export function parseCreateFunction(input: CreateFunctionInput): ParsedCreateFunction {
  return wellFormedMinimal(input) ?? parseAws(createFunctionSchema, input)
}

/** `{ functionName, code[, deadLetterConfig] }` as zod would return it, or undefined when the input is not that simple. */
export function wellFormedMinimal(input: unknown): ParsedCreateFunction | undefined {
  if (!isPlainObject(input)) return undefined
  let keys = 0
  for (const key in input) {
    if (key !== 'functionName' && key !== 'code' && key !== 'deadLetterConfig') return undefined
    keys++
  }
  const { functionName, code, deadLetterConfig } = input as { functionName: unknown; code: unknown; deadLetterConfig?: unknown }
  if (keys !== (deadLetterConfig === undefined && !('deadLetterConfig' in input) ? 2 : 3)) return undefined
  // A plain name (no ':' — an ARN is reduced to its name by the schema) within AWS's length and pattern.
  if (typeof functionName !== 'string' || functionName.includes(':') || plainFunctionNameProblems(functionName).length > 0) return undefined
  // A handler function (not `{ init }` nor `{ directory }`, which the schema checks further).
  if (typeof code !== 'function') return undefined
  if (!('deadLetterConfig' in input)) return { functionName, code } as ParsedCreateFunction
  const targetArn = wellFormedDeadLetterTarget(deadLetterConfig)
  if (targetArn === undefined) return undefined
  return { functionName, code, deadLetterConfig: { targetArn } } as ParsedCreateFunction
}

/** `{ targetArn }` with an SQS queue or SNS topic ARN that passes the model's length and pattern: the ARN. */
function wellFormedDeadLetterTarget(config: unknown): string | undefined {
  if (!isPlainObject(config)) return undefined
  for (const key in config) if (key !== 'targetArn') return undefined
  const targetArn = (config as { targetArn?: unknown }).targetArn
  if (typeof targetArn !== 'string' || targetArn.length === 0 || targetArn.length > DEAD_LETTER_TARGET_MAX_LENGTH) return undefined
  if (!(deadLetterTargetPattern ??= modelRegExp(DEAD_LETTER_TARGET_PATTERN)).test(targetArn)) return undefined
  return deadLetterTargetProblem(targetArn, 'create') === undefined ? targetArn : undefined
}

let deadLetterTargetPattern: RegExp | undefined

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
