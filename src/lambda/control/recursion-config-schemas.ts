/**
 * `PutFunctionRecursionConfig` / `GetFunctionRecursionConfig` inputs from AWS's API model: the
 * function is named without a qualifier (`UnqualifiedFunctionName`), `RecursiveLoop` is
 * `Allow` or `Terminate`, both required.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { functionNameOf } from '../../config/identifiers.js'
import { enumOf } from '../../config/model-constraints.js'

const put = S.PutFunctionRecursionConfigRequest

export const putFunctionRecursionConfigSchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(put.FunctionName), recursiveLoop: enumOf(put.RecursiveLoop) })
  .strict())

export const getFunctionRecursionConfigSchema = schemaOnFirstUse(() => z.object({ functionName: functionNameOf(S.GetFunctionRecursionConfigRequest.FunctionName) }).strict())

export type PutFunctionRecursionConfigInput = z.input<typeof putFunctionRecursionConfigSchema>
export type GetFunctionRecursionConfigInput = z.input<typeof getFunctionRecursionConfigSchema>
