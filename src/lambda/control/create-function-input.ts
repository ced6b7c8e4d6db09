/**
 * `CreateFunction`'s input checked by hand when it is the common, well-formed kind: a plain function
 * name and a handler function, nothing else. A property test makes thousands of simulations that
 * each create one such function, and zod's parse of the whole schema was a large part of that
 * (issue 19). The fast path answers exactly what `createFunctionSchema` would (the same object:
 * the same keys in the schema's order, the handler itself); anything else — other fields, an ARN as
 * the name, an invalid name, another kind of code — goes to zod, which gives AWS's exact errors.
 * `test/lambda/control/create-function-input.test.ts` checks both paths agree.
 */
import { parseAws } from '../../config/aws-validation.js'
import { plainFunctionNameProblems } from './function-name-rules.js'
import { createFunctionSchema, type CreateFunctionInput } from './function-schemas.js'
import type { z } from 'zod'

export type ParsedCreateFunction = z.output<typeof createFunctionSchema>

/** The parsed input: by hand for `{ functionName, code }` with a valid plain name and a handler function, else zod. */
export function parseCreateFunction(input: CreateFunctionInput): ParsedCreateFunction {
  return wellFormedMinimal(input) ?? parseAws(createFunctionSchema, input)
}

/** `{ functionName, code }` as zod would return it, or undefined when the input is not that simple. */
export function wellFormedMinimal(input: unknown): ParsedCreateFunction | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return undefined
  let keys = 0
  for (const key in input) {
    if (key !== 'functionName' && key !== 'code') return undefined
    keys++
  }
  if (keys !== 2) return undefined
  const { functionName, code } = input as { functionName: unknown; code: unknown }
  // A plain name (no ':' — an ARN is reduced to its name by the schema) within AWS's length and pattern.
  if (typeof functionName !== 'string' || functionName.includes(':') || plainFunctionNameProblems(functionName).length > 0) return undefined
  // A handler function (not `{ init }` nor `{ directory }`, which the schema checks further).
  if (typeof code !== 'function') return undefined
  return { functionName, code } as ParsedCreateFunction
}
