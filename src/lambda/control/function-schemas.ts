/**
 * The control-plane inputs as zod schemas. Keys mirror AWS's parameter names (camelCase); ranges,
 * defaults and messages are AWS's (see docs/deviations.md for what differs).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import type { Distribution } from '../../kernel/distributions.js'
import { functionNameOf, qualifierOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { enumListOf, enumOf, inModelOrder, integerOf, modelRegExp, stringOf } from '../../config/model-constraints.js'
import { createFunctionNameSchema, ON_DEMAND_LIMITS } from './function-name-rules.js'
import { RUNTIMES } from '../../model/runtimes.js'
import type { PerformanceModel } from '../../model/performance-model.js'
import { statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { isDirectoryCode, isFunctionCode } from '../../model/code.js'
import type { FunctionCode } from '../../runtime/handler-types.js'
import { functionLayersSchema } from './layer-schemas.js'
import { deadLetterConfigSchema } from './dead-letter-target.js'


/** Keys Lambda sets itself; AWS refuses them in `Environment.Variables`. */
export const RESERVED_ENV_KEYS = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'AWS_SECURITY_TOKEN',
  'AWS_SESSION_TOKEN',
  'LAMBDA_RUNTIME_DIR',
  'LAMBDA_TASK_ROOT',
] as const

const ENV_LIMIT_BYTES = 4096

const envKeyPattern = modelRegExp(S.Environment.Variables.key.pattern)

const distribution: z.ZodType<Distribution> = schemaOnFirstUse(() => z.union([
  z.number().nonnegative(),
  z.object({ dist: z.literal('constant'), value: z.number().nonnegative() }),
  z.object({ dist: z.literal('uniform'), min: z.number().nonnegative(), max: z.number().nonnegative() }),
  z.object({ dist: z.literal('normal'), mean: z.number().nonnegative(), stddev: z.number().nonnegative() }),
  z.object({ dist: z.literal('lognormal'), median: z.number().positive(), sigma: z.number().nonnegative() }),
  z.object({ dist: z.literal('exponential'), mean: z.number().positive() }),
]) as z.ZodType<Distribution>)

/** How the simulated function behaves in time and memory; not an AWS setting. */
export const performanceModelSchema = schemaOnFirstUse(() => z
  .object({
    /** Init (cold start) time in ms, on top of any virtual time the init factory itself spends. */
    initDurationMs: distribution.optional(),
    /** One-vCPU milliseconds of work per invocation before the handler runs; scaled by memory. */
    computeMs: distribution.optional(),
    /** Max Memory Used reported per invocation, in MB (capped at the memory size). */
    memoryUsedMB: distribution.optional(),
  })
  .strict())

// The model's type and this schema describe the same object.
const _performanceModelMatches: z.ZodType<PerformanceModel> = performanceModelSchema
void _performanceModelMatches

const functionCode = schemaOnFirstUse(() => z
  .custom<FunctionCode>((value) => isFunctionCode(value), { message: 'Member must be a handler function, { init: factory } or { directory }' })
  .superRefine((code, context) => {
    if (!isDirectoryCode(code)) return
    // A package that cannot be read is refused at upload, as a zip Lambda cannot open is.
    const problem = directoryProblem(code.directory)
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, params: { awsInvalidParameter: problem } })
  }))

/** Why `directory` cannot be a deployment package, or undefined when it can. */
function directoryProblem(directory: string): string | undefined {
  if (!isAbsolute(directory)) return `Could not read the deployment package: code.directory must be an absolute path (got '${directory}').`
  let isDirectory = false
  try {
    isDirectory = statSync(directory).isDirectory()
  } catch {
    return `Could not read the deployment package: the directory ${directory} does not exist.`
  }
  return isDirectory ? undefined : `Could not read the deployment package: ${directory} is not a directory.`
}

const environmentSchema = schemaOnFirstUse(() => z
  .object({ variables: z.record(z.string(), z.string()).optional() })
  .strict()
  .superRefine((environment, context) => {
    const variables = environment.variables ?? {}
    const keys = Object.keys(variables)
    if (keys.some((key) => !envKeyPattern.test(key))) {
      context.addIssue({
        code: 'custom',
        message: 'env key',
        params: { awsValidation: 'environment.variables' },
      })
      return
    }
    const reserved = keys.filter((key) => (RESERVED_ENV_KEYS as readonly string[]).includes(key))
    if (reserved.length > 0) {
      context.addIssue({
        code: 'custom',
        message: 'reserved',
        params: {
          awsInvalidParameter: `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
        },
      })
      return
    }
    const measured = JSON.stringify(variables)
    if (Buffer.byteLength(measured, 'utf8') > ENV_LIMIT_BYTES) {
      context.addIssue({
        code: 'custom',
        message: 'too big',
        params: {
          awsInvalidParameter: `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
        },
      })
    }
  }))

/** The fields createFunction and updateFunctionConfiguration share (built with the schema that uses them). */
const configurationFields = () => ({
  description: stringOf(S.CreateFunctionRequest.Description).optional(),
  // The model's upper bounds (5,400 s, 32,768 MB) are for durable functions and Managed Instances.
  timeout: integerOf({ ...S.CreateFunctionRequest.Timeout, max: ON_DEMAND_LIMITS.timeoutSeconds }).optional(),
  memorySize: integerOf({ ...S.CreateFunctionRequest.MemorySize, max: ON_DEMAND_LIMITS.memorySizeMB }).optional(),
  ephemeralStorage: z.object({ size: integerOf({ ...S.EphemeralStorage.Size, max: ON_DEMAND_LIMITS.ephemeralStorageMB }) }).strict().optional(),
  environment: environmentSchema.optional(),
  role: stringOf(S.CreateFunctionRequest.Role).optional(),
  handler: stringOf(S.CreateFunctionRequest.Handler).optional(),
  runtime: z.enum(RUNTIMES).optional(),
  architectures: enumListOf(S.CreateFunctionRequest.Architectures).optional(),
  deadLetterConfig: deadLetterConfigSchema('update').optional(),
  tracingConfig: z.object({ mode: enumOf(S.TracingConfig.Mode) }).strict().optional(),
  // Each a layer version ARN (the model's pattern); the count of five is the service's check (layers.ts).
  layers: functionLayersSchema.optional(),
  loggingConfig: z
    .object({
      logFormat: enumOf(S.LoggingConfig.LogFormat).optional(),
      logGroup: stringOf(S.LoggingConfig.LogGroup).optional(),
      applicationLogLevel: enumOf(S.LoggingConfig.ApplicationLogLevel).optional(),
      systemLogLevel: enumOf(S.LoggingConfig.SystemLogLevel).optional(),
    })
    .strict()
    .optional(),
  model: performanceModelSchema.optional(),
})

export const createFunctionSchema = schemaOnFirstUse(() => z
  .object(
    inModelOrder(S.CreateFunctionRequest, {
      functionName: createFunctionNameSchema,
      code: functionCode,
      packageType: z.literal('Zip').optional(),
      tags: z.record(z.string(), z.string()).optional(),
      publish: z.boolean().optional(),
      ...configurationFields(),
      // CreateFunction refuses an empty TargetArn; an update uses it to remove the DLQ.
      deadLetterConfig: deadLetterConfigSchema('create').optional(),
    }),
  )
  .strict())

export type CreateFunctionInput = z.input<typeof createFunctionSchema>

/** FunctionName on every other operation: a name, partial ARN or ARN, optionally qualified. */

export const updateFunctionConfigurationSchema = schemaOnFirstUse(() => z
  .object(
    inModelOrder(S.UpdateFunctionConfigurationRequest, {
      functionName: functionNameOf(S.UpdateFunctionConfigurationRequest.FunctionName),
      revisionId: z.string().optional(),
      ...configurationFields(),
    }),
  )
  .strict())

export type UpdateFunctionConfigurationInput = z.input<typeof updateFunctionConfigurationSchema>

export const updateFunctionCodeSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.UpdateFunctionCodeRequest.FunctionName),
    code: functionCode,
    publish: z.boolean().optional(),
    revisionId: z.string().optional(),
  })
  .strict())

export type UpdateFunctionCodeInput = z.input<typeof updateFunctionCodeSchema>


export const functionLookupSchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(S.GetFunctionRequest.FunctionName), qualifier: qualifierOf(S.GetFunctionRequest.Qualifier).optional() })
  .strict())

export type FunctionLookupInput = z.input<typeof functionLookupSchema>

export const listFunctionsSchema = schemaOnFirstUse(() => z
  .object({
    marker: z.string().optional(),
    maxItems: integerOf(S.ListFunctionsRequest.MaxItems).optional(),
    /** `'ALL'` lists every published version too (each function's `$LATEST` first). */
    functionVersion: enumOf(S.ListFunctionsRequest.FunctionVersion).optional(),
  })
  .strict())

export type ListFunctionsInput = z.input<typeof listFunctionsSchema>
