/**
 * Runtime management configuration (`PutRuntimeManagementConfig` / `GetRuntimeManagementConfig`):
 * per function version, `Auto` (the default), `FunctionUpdate`, or `Manual` pinned to a runtime
 * version ARN. Stored and answered as AWS does; the simulation has one runtime version per runtime,
 * so the mode changes nothing a handler sees (docs/deviations.md).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { awsPattern, functionIdentifier, qualifierSchema } from '../../config/identifiers.js'
import { awsErrors } from '../../errors/lambda-error.js'
import type { FunctionRecord } from '../../model/function-record.js'
import type { FunctionStore } from './function-store.js'

/** The model's `UpdateRuntimeOn` enum and `RuntimeVersionArn` constraints (checked against the model by the tests). */
export const UPDATE_RUNTIME_ON = ['Auto', 'Manual', 'FunctionUpdate'] as const
export const RUNTIME_VERSION_ARN_PATTERN = 'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}::runtime:.+'
export const RUNTIME_VERSION_ARN_LENGTH = { min: 26, max: 2048 } as const

export type UpdateRuntimeOn = (typeof UPDATE_RUNTIME_ON)[number]

export const putRuntimeManagementConfigSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionIdentifier,
    qualifier: qualifierSchema.optional(),
    updateRuntimeOn: z.enum(UPDATE_RUNTIME_ON),
    runtimeVersionArn: z
      .string()
      .min(RUNTIME_VERSION_ARN_LENGTH.min)
      .max(RUNTIME_VERSION_ARN_LENGTH.max)
      .regex(new RegExp(`^(?:${RUNTIME_VERSION_ARN_PATTERN})$`), { message: awsPattern(RUNTIME_VERSION_ARN_PATTERN) })
      .optional(),
  })
  .strict())
export const getRuntimeManagementConfigSchema = schemaOnFirstUse(() => z.object({ functionName: functionIdentifier, qualifier: qualifierSchema.optional() }).strict())

export type PutRuntimeManagementConfigInput = z.input<typeof putRuntimeManagementConfigSchema>
export type GetRuntimeManagementConfigInput = z.input<typeof getRuntimeManagementConfigSchema>

export interface RuntimeManagementConfig {
  readonly updateRuntimeOn: UpdateRuntimeOn
  /** The function's (qualified when a qualifier was given) ARN. */
  readonly functionArn: string
  /** Only in `Manual` mode. */
  readonly runtimeVersionArn?: string
}

export const RUNTIME_MANAGEMENT_MESSAGES = {
  /** [U] AWS's words for `Manual` without a runtime version are not recorded. */
  manualNeedsVersion: 'RuntimeVersionArn must be provided when UpdateRuntimeOn is Manual.',
  /** [U] and for a runtime version with another mode. */
  versionOnlyForManual: (mode: string) => `RuntimeVersionArn cannot be provided when UpdateRuntimeOn is ${mode}.`,
} as const

export class RuntimeManagementService {
  /** Per function record, by qualifier (`$LATEST` for the unqualified function); goes with a deleted function. */
  private readonly configs = new WeakMap<FunctionRecord, Map<string, { updateRuntimeOn: UpdateRuntimeOn; runtimeVersionArn?: string }>>()

  constructor(private readonly store: FunctionStore) {}

  putRuntimeManagementConfig(input: PutRuntimeManagementConfigInput): RuntimeManagementConfig {
    const parsed = parseAws(putRuntimeManagementConfigSchema, input)
    if (parsed.updateRuntimeOn === 'Manual' && parsed.runtimeVersionArn === undefined) throw awsErrors.invalidParameter(RUNTIME_MANAGEMENT_MESSAGES.manualNeedsVersion)
    if (parsed.updateRuntimeOn !== 'Manual' && parsed.runtimeVersionArn !== undefined) {
      throw awsErrors.invalidParameter(RUNTIME_MANAGEMENT_MESSAGES.versionOnlyForManual(parsed.updateRuntimeOn))
    }
    const { record, qualifier, arn } = this.target(parsed.functionName, parsed.qualifier)
    let perQualifier = this.configs.get(record)
    if (perQualifier === undefined) {
      perQualifier = new Map()
      this.configs.set(record, perQualifier)
    }
    const config = { updateRuntimeOn: parsed.updateRuntimeOn, ...(parsed.runtimeVersionArn !== undefined ? { runtimeVersionArn: parsed.runtimeVersionArn } : {}) }
    perQualifier.set(qualifier, config)
    return { ...config, functionArn: arn }
  }

  /** `Auto` until a config is put. */
  getRuntimeManagementConfig(input: GetRuntimeManagementConfigInput): RuntimeManagementConfig {
    const parsed = parseAws(getRuntimeManagementConfigSchema, input)
    const { record, qualifier, arn } = this.target(parsed.functionName, parsed.qualifier)
    const config = this.configs.get(record)?.get(qualifier) ?? { updateRuntimeOn: 'Auto' as const }
    return { ...config, functionArn: arn }
  }

  /** The function version (or alias) named, AWS's not-found errors otherwise. */
  private target(functionName: string, explicitQualifier: string | undefined): { record: FunctionRecord; qualifier: string; arn: string } {
    const ref = this.store.refOf(functionName, explicitQualifier)
    const resolved = this.store.resolve(ref)
    const qualifier = ref.qualifier ?? '$LATEST'
    return { record: resolved.record, qualifier, arn: this.store.arn(resolved.record.functionName, ref.qualifier) }
  }
}
