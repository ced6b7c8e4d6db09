/**
 * Code signing configurations: created, read, updated, listed and deleted as AWS stores them, and
 * attached to functions (`PutFunctionCodeSigningConfig` and its siblings). Signing itself is not
 * simulated: code registered with lambda-sim carries no signature, and a config's `Enforce` policy
 * never refuses a deployment (docs/deviations.md).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { awsPattern, functionIdentifier } from '../../config/identifiers.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { FunctionRecord } from '../../model/function-record.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'
import { checkTags, type Tags } from './tags.js'
import { lambdaTimestamp } from './version-snapshot.js'

/** The model's patterns and bounds (test/lambda/control/code-signing-configs.test.ts checks them against the model). */
export const CODE_SIGNING_CONFIG_ARN_PATTERN =
  'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:code-signing-config:csc-[a-z0-9]{17}'
export const SIGNING_PROFILE_ARN_PATTERN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)'
export const CODE_SIGNING_CONFIG_ARN_MAX = 200
export const SIGNING_PROFILE_ARNS = { min: 1, max: 20 } as const
export const DESCRIPTION_MAX = 256

const anchored = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`)

const cscArn = schemaOnFirstUse(() => z.string().max(CODE_SIGNING_CONFIG_ARN_MAX).regex(anchored(CODE_SIGNING_CONFIG_ARN_PATTERN), { message: awsPattern(CODE_SIGNING_CONFIG_ARN_PATTERN) }))
const allowedPublishers = schemaOnFirstUse(() => z
  .object({
    signingProfileVersionArns: z
      .array(z.string().max(10000).regex(anchored(SIGNING_PROFILE_ARN_PATTERN), { message: awsPattern(SIGNING_PROFILE_ARN_PATTERN) }))
      .min(SIGNING_PROFILE_ARNS.min)
      .max(SIGNING_PROFILE_ARNS.max),
  })
  .strict())
const codeSigningPolicies = schemaOnFirstUse(() => z.object({ untrustedArtifactOnDeployment: z.enum(['Warn', 'Enforce']).optional() }).strict())

export const createCodeSigningConfigSchema = schemaOnFirstUse(() => z
  .object({
    description: z.string().max(DESCRIPTION_MAX).optional(),
    allowedPublishers,
    codeSigningPolicies: codeSigningPolicies.optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict())
export const updateCodeSigningConfigSchema = schemaOnFirstUse(() => z
  .object({
    codeSigningConfigArn: cscArn,
    description: z.string().max(DESCRIPTION_MAX).optional(),
    allowedPublishers: allowedPublishers.optional(),
    codeSigningPolicies: codeSigningPolicies.optional(),
  })
  .strict())
export const codeSigningConfigLookupSchema = schemaOnFirstUse(() => z.object({ codeSigningConfigArn: cscArn }).strict())
export const listCodeSigningConfigsSchema = schemaOnFirstUse(() => z.object({ marker: z.string().optional(), maxItems: z.number().int().min(1).max(10000).optional() }).strict())
export const listFunctionsByCodeSigningConfigSchema = schemaOnFirstUse(() => z
  .object({ codeSigningConfigArn: cscArn, marker: z.string().optional(), maxItems: z.number().int().min(1).max(10000).optional() })
  .strict())
export const putFunctionCodeSigningConfigSchema = schemaOnFirstUse(() => z.object({ functionName: functionIdentifier, codeSigningConfigArn: cscArn }).strict())
export const functionCodeSigningLookupSchema = schemaOnFirstUse(() => z.object({ functionName: functionIdentifier }).strict())

export type CreateCodeSigningConfigInput = z.input<typeof createCodeSigningConfigSchema>
export type UpdateCodeSigningConfigInput = z.input<typeof updateCodeSigningConfigSchema>
export type CodeSigningConfigLookupInput = z.input<typeof codeSigningConfigLookupSchema>
export type ListCodeSigningConfigsInput = z.input<typeof listCodeSigningConfigsSchema>
export type ListFunctionsByCodeSigningConfigInput = z.input<typeof listFunctionsByCodeSigningConfigSchema>
export type PutFunctionCodeSigningConfigInput = z.input<typeof putFunctionCodeSigningConfigSchema>
export type FunctionCodeSigningLookupInput = z.input<typeof functionCodeSigningLookupSchema>

/** `CodeSigningConfig` (camelCase). */
export interface CodeSigningConfig {
  readonly codeSigningConfigId: string
  readonly codeSigningConfigArn: string
  readonly description: string
  readonly allowedPublishers: { readonly signingProfileVersionArns: readonly string[] }
  readonly codeSigningPolicies: { readonly untrustedArtifactOnDeployment: 'Warn' | 'Enforce' }
  readonly lastModified: string
}

export const CODE_SIGNING_MESSAGES = {
  /** [S] LocalStack's AWS-validated text. */
  notFound: (arn: string) => `The Lambda code signing configuration ${arn} can not be found.`,
  /** [S] LocalStack's AWS-validated text (CodeSigningConfigNotFoundException). */
  notFoundForFunction: (arn: string) => `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
  /** [U] AWS refuses to delete a config functions use; its words are not recorded. */
  inUse: (arn: string) => `The code signing configuration ${arn} cannot be deleted because it is used by one or more functions.`,
} as const

export class CodeSigningConfigService {
  /** In creation order (ListCodeSigningConfigs pages through them so). */
  private readonly configs = new Map<string, CodeSigningConfig>()
  /** The config each function uses; keyed by the record, so a deleted function's attachment goes with it. */
  private readonly attached = new WeakMap<FunctionRecord, string>()

  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    /** Keeps a new config's `Tags` (the tag service owns tags). */
    private readonly keepTags: (arn: string, tags: Tags) => void,
  ) {}

  createCodeSigningConfig(input: CreateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig } {
    const parsed = parseAws(createCodeSigningConfigSchema, input)
    const tags = parsed.tags !== undefined ? checkTags(parsed.tags) : undefined
    // `csc-` and 17 lowercase hex digits, as AWS's ids look (`csc-0f6d9e63b1ca2e4a1`).
    const id = `csc-${this.ids.hex32().slice(0, 17)}`
    const { region, accountId } = this.store.scope
    const config: CodeSigningConfig = {
      codeSigningConfigId: id,
      codeSigningConfigArn: `arn:aws:lambda:${region}:${accountId}:code-signing-config:${id}`,
      description: parsed.description ?? '',
      allowedPublishers: { signingProfileVersionArns: [...parsed.allowedPublishers.signingProfileVersionArns] },
      codeSigningPolicies: { untrustedArtifactOnDeployment: parsed.codeSigningPolicies?.untrustedArtifactOnDeployment ?? 'Warn' },
      lastModified: lambdaTimestamp(this.kernel.nowMs),
    }
    this.configs.set(config.codeSigningConfigArn, config)
    if (tags !== undefined) this.keepTags(config.codeSigningConfigArn, tags)
    return { codeSigningConfig: config }
  }

  getCodeSigningConfig(input: CodeSigningConfigLookupInput): { codeSigningConfig: CodeSigningConfig } {
    const parsed = parseAws(codeSigningConfigLookupSchema, input)
    return { codeSigningConfig: this.configOf(parsed.codeSigningConfigArn) }
  }

  /** Only the given members change; `LastModified` moves. */
  updateCodeSigningConfig(input: UpdateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig } {
    const parsed = parseAws(updateCodeSigningConfigSchema, input)
    const current = this.configOf(parsed.codeSigningConfigArn)
    const updated: CodeSigningConfig = {
      ...current,
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
      ...(parsed.allowedPublishers !== undefined ? { allowedPublishers: { signingProfileVersionArns: [...parsed.allowedPublishers.signingProfileVersionArns] } } : {}),
      ...(parsed.codeSigningPolicies?.untrustedArtifactOnDeployment !== undefined
        ? { codeSigningPolicies: { untrustedArtifactOnDeployment: parsed.codeSigningPolicies.untrustedArtifactOnDeployment } }
        : {}),
      lastModified: lambdaTimestamp(this.kernel.nowMs),
    }
    this.configs.set(updated.codeSigningConfigArn, updated)
    return { codeSigningConfig: updated }
  }

  deleteCodeSigningConfig(input: CodeSigningConfigLookupInput): void {
    const parsed = parseAws(codeSigningConfigLookupSchema, input)
    const config = this.configOf(parsed.codeSigningConfigArn)
    if (this.functionsUsing(config.codeSigningConfigArn).length > 0) throw awsErrors.resourceConflict(CODE_SIGNING_MESSAGES.inUse(config.codeSigningConfigArn))
    this.configs.delete(config.codeSigningConfigArn)
  }

  listCodeSigningConfigs(input: ListCodeSigningConfigsInput = {}): { codeSigningConfigs: CodeSigningConfig[]; nextMarker?: string } {
    const parsed = parseAws(listCodeSigningConfigsSchema, input)
    const page = paginate([...this.configs.values()], (config) => config.codeSigningConfigId, parsed.marker, parsed.maxItems)
    return { codeSigningConfigs: page.items, ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** The unqualified ARNs of the functions that use the config, by name. */
  listFunctionsByCodeSigningConfig(input: ListFunctionsByCodeSigningConfigInput): { functionArns: string[]; nextMarker?: string } {
    const parsed = parseAws(listFunctionsByCodeSigningConfigSchema, input)
    const config = this.configOf(parsed.codeSigningConfigArn)
    const page = paginate(this.functionsUsing(config.codeSigningConfigArn), (arn) => arn, parsed.marker, parsed.maxItems)
    return { functionArns: page.items, ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** The config must exist (CodeSigningConfigNotFoundException), then the function (ResourceNotFoundException). */
  putFunctionCodeSigningConfig(input: PutFunctionCodeSigningConfigInput): { codeSigningConfigArn: string; functionName: string } {
    const parsed = parseAws(putFunctionCodeSigningConfigSchema, input)
    if (!this.configs.has(parsed.codeSigningConfigArn)) {
      throw new LambdaError('CodeSigningConfigNotFoundException', CODE_SIGNING_MESSAGES.notFoundForFunction(parsed.codeSigningConfigArn))
    }
    const record = this.functionRecord(parsed.functionName)
    this.attached.set(record, parsed.codeSigningConfigArn)
    return { codeSigningConfigArn: parsed.codeSigningConfigArn, functionName: record.functionName }
  }

  /** A function without a config answers `{}` [S] (LocalStack's AWS-validated answer), not an error. */
  getFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): { codeSigningConfigArn?: string; functionName?: string } {
    const parsed = parseAws(functionCodeSigningLookupSchema, input)
    const record = this.functionRecord(parsed.functionName)
    const arn = this.attached.get(record)
    return arn === undefined ? {} : { codeSigningConfigArn: arn, functionName: record.functionName }
  }

  /** Detaching from a function without a config succeeds. */
  deleteFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): void {
    const parsed = parseAws(functionCodeSigningLookupSchema, input)
    this.attached.delete(this.functionRecord(parsed.functionName))
  }

  /** For the tag service: AWS's not-found error when the config does not exist. */
  requireConfig(arn: string): void {
    this.configOf(arn)
  }

  private configOf(arn: string): CodeSigningConfig {
    const config = this.configs.get(arn)
    if (config === undefined) throw new LambdaError('ResourceNotFoundException', CODE_SIGNING_MESSAGES.notFound(arn))
    return config
  }

  /** The function itself (a qualifier is ignored: the config belongs to the function). */
  private functionRecord(identifier: string): FunctionRecord {
    const ref = this.store.refOf(identifier)
    return this.store.recordOf({ functionName: ref.functionName, qualifier: undefined })
  }

  private functionsUsing(arn: string): string[] {
    return [...this.store.records.values()]
      .filter((record) => this.attached.get(record) === arn)
      .map((record) => record.functionArn)
      .sort()
  }
}
