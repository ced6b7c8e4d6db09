/**
 * The `Invoke` request, as a zod schema (AWS parameter names, camelCase).
 */
import { z } from 'zod'
import { functionShapes as S } from './generated/function-constraints.js'
import { functionNameOf, qualifierOf } from './identifiers.js'
import { enumOf } from './model-constraints.js'
import { schemaOnFirstUse } from './schema-on-first-use.js'

const invocation = S.InvocationRequest

// Built on first use (schema-on-first-use.ts); well-formed requests skip it (invoke-input-check.ts).
export const invokeInputSchema = schemaOnFirstUse(() =>
  z
  .object({
    functionName: functionNameOf(invocation.FunctionName),
    invocationType: enumOf(invocation.InvocationType).optional(),
    logType: enumOf(invocation.LogType).optional(),
    qualifier: qualifierOf(invocation.Qualifier).optional(),
    /** Any JSON-serialisable value; it is serialised by the caller and parsed for the handler. */
    payload: z.unknown().optional(),
    /** The raw request body instead of `payload` (must be valid JSON). */
    payloadJson: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
    /** `X-Amz-Client-Context`: an object, or its base64-encoded JSON. */
    clientContext: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    /**
     * Who is calling, when it is not the function's own account: another account (`'111122223333'`),
     * an IAM ARN, or an AWS service (`'s3.amazonaws.com'`, with `sourceArn` / `sourceAccount`).
     * Such callers need a statement in the invoked qualifier's resource-based policy.
     */
    caller: z
      .object({
        principal: z.string().min(1),
        sourceArn: z.string().optional(),
        sourceAccount: z.string().optional(),
        principalOrgId: z.string().optional(),
        eventSourceToken: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict(),
)

export type InvokeInput = z.input<typeof invokeInputSchema>

