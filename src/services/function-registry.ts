/**
 * The Lambda control plane for functions: create, get, update (configuration and code), delete and
 * list, validated and answered as AWS does. Calls are instant on the virtual clock.
 */
import { parseAws } from '../config/aws-validation.js'
import {
  createFunctionSchema,
  functionLookupSchema,
  listFunctionsSchema,
  updateFunctionCodeSchema,
  updateFunctionConfigurationSchema,
  type CreateFunctionInput,
  type FunctionLookupInput,
  type ListFunctionsInput,
  type NodeRuntime,
  type UpdateFunctionCodeInput,
  type UpdateFunctionConfigurationInput,
} from '../config/function-schemas.js'
import { awsErrors, LambdaError } from '../errors.js'
import type { IdFactory } from '../kernel/ids.js'
import type { Kernel } from '../kernel/kernel.js'
import { functionArn, parseFunctionIdentifier, type AccountScope } from '../model/arn.js'
import { codeIdentity, type FunctionCode } from '../model/code.js'
import type { FunctionConfiguration, FunctionRecord, FunctionSettings } from '../model/function-record.js'
import type { EventBus } from '../observability/bus.js'
import type { EnvironmentManager } from './environments.js'

export const DEFAULT_RUNTIME: NodeRuntime = 'nodejs22.x'

export interface GetFunctionOutput {
  readonly configuration: FunctionConfiguration
  readonly code: { readonly repositoryType: 'S3'; readonly location: string }
  readonly tags?: Readonly<Record<string, string>>
}

export interface ListFunctionsOutput {
  readonly functions: FunctionConfiguration[]
  readonly nextMarker?: string
}

type ConfigurationInput = Omit<UpdateFunctionConfigurationInput, 'functionName' | 'revisionId'>

/** `2024-01-01T00:00:00.000+0000`, the form Lambda's LastModified takes. */
export function lambdaTimestamp(atMs: number): string {
  return new Date(Math.floor(atMs)).toISOString().replace('Z', '+0000')
}

export class FunctionRegistry {
  private readonly records = new Map<string, FunctionRecord>()

  constructor(
    private readonly scope: AccountScope,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly environments: EnvironmentManager,
  ) {}

  createFunction(input: CreateFunctionInput): FunctionConfiguration {
    const parsed = parseAws(createFunctionSchema, input)
    const name = parsed.functionName
    if (this.records.has(name)) throw awsErrors.functionExists(name)
    const arn = functionArn(this.scope, name)
    const configuration = this.buildConfiguration(name, arn, parsed.code, parsed, undefined)
    const record: FunctionRecord = {
      functionName: name,
      functionArn: arn,
      configuration,
      code: parsed.code,
      settings: this.settingsOf(configuration, parsed.model ?? {}),
      tags: { ...(parsed.tags ?? {}) },
      generation: 0,
    }
    this.records.set(name, record)
    this.bus.emit({ type: 'function.created', atMs: this.kernel.nowMs, functionName: name, functionArn: arn })
    return configuration
  }

  getFunction(input: FunctionLookupInput): GetFunctionOutput {
    const record = this.resolve(input)
    return {
      configuration: record.configuration,
      code: { repositoryType: 'S3', location: `lambda-sim://code/${record.functionName}/${encodeURIComponent(record.configuration.codeSha256)}` },
      ...(Object.keys(record.tags).length > 0 ? { tags: { ...record.tags } } : {}),
    }
  }

  getFunctionConfiguration(input: FunctionLookupInput): FunctionConfiguration {
    return this.resolve(input).configuration
  }

  updateFunctionConfiguration(input: UpdateFunctionConfigurationInput): FunctionConfiguration {
    const parsed = parseAws(updateFunctionConfigurationSchema, input)
    const record = this.resolveLatestForUpdate(parsed.functionName)
    this.checkRevision(record, parsed.revisionId)
    const { functionName: _name, revisionId: _revision, ...changes } = parsed
    const configuration = this.buildConfiguration(record.functionName, record.functionArn, record.code, changes, record.configuration)
    const model = changes.model ?? record.settings.model
    this.replace(record, configuration, record.code, model, 'configuration')
    return configuration
  }

  updateFunctionCode(input: UpdateFunctionCodeInput): FunctionConfiguration {
    const parsed = parseAws(updateFunctionCodeSchema, input)
    const record = this.resolveLatestForUpdate(parsed.functionName)
    this.checkRevision(record, parsed.revisionId)
    const configuration = this.buildConfiguration(record.functionName, record.functionArn, parsed.code, {}, record.configuration)
    this.replace(record, configuration, parsed.code, record.settings.model, 'code')
    return configuration
  }

  deleteFunction(input: FunctionLookupInput): void {
    const parsed = parseAws(functionLookupSchema, input)
    const ref = this.refOf(parsed.functionName, parsed.qualifier)
    const record = this.records.get(ref.functionName)
    if (record === undefined) throw awsErrors.functionNotFound(functionArn(this.scope, ref.functionName, ref.qualifier))
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
      throw awsErrors.functionNotFound(functionArn(this.scope, ref.functionName, ref.qualifier))
    }
    if (ref.qualifier === '$LATEST') {
      throw awsErrors.invalidParameter('$LATEST version cannot be deleted without deleting the function.')
    }
    this.records.delete(record.functionName)
    this.environments.retireAll(record.functionName, 'function-deleted')
    this.bus.emit({ type: 'function.deleted', atMs: this.kernel.nowMs, functionName: record.functionName })
  }

  listFunctions(input: ListFunctionsInput = {}): ListFunctionsOutput {
    const parsed = parseAws(listFunctionsSchema, input)
    const names = [...this.records.keys()].sort()
    const start = parsed.marker === undefined ? 0 : names.indexOf(parsed.marker)
    if (start < 0) throw awsErrors.invalidParameter('Invalid marker')
    const limit = parsed.maxItems ?? 50
    const page = names.slice(start, start + limit)
    const next = names[start + limit]
    return {
      functions: page.map((name) => (this.records.get(name) as FunctionRecord).configuration),
      ...(next !== undefined ? { nextMarker: next } : {}),
    }
  }

  /** The record behind any identifier form, or AWS's not-found error. */
  resolve(input: FunctionLookupInput): FunctionRecord {
    const parsed = parseAws(functionLookupSchema, input)
    const ref = this.refOf(parsed.functionName, parsed.qualifier)
    const record = this.records.get(ref.functionName)
    if (record === undefined || (ref.qualifier !== undefined && ref.qualifier !== '$LATEST')) {
      throw awsErrors.functionNotFound(functionArn(this.scope, ref.functionName, ref.qualifier))
    }
    return record
  }

  /** Name and qualifier from `functionName` (any form) and an explicit `qualifier`. */
  refOf(identifier: string, qualifier: string | undefined): { functionName: string; qualifier: string | undefined } {
    const ref = parseFunctionIdentifier(identifier)
    if (ref === undefined) throw awsErrors.functionNotFound(identifier)
    // An ARN of another Region or account names a function this simulation does not have.
    const arn = /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):)?(\d{12}):function:/.exec(identifier)
    if (arn !== null && ((arn[1] !== undefined && arn[1] !== this.scope.region) || arn[2] !== this.scope.accountId)) {
      throw awsErrors.functionNotFound(identifier)
    }
    if (ref.qualifier !== undefined && qualifier !== undefined && ref.qualifier !== qualifier) {
      throw awsErrors.invalidParameter('The derived qualifier from the function name does not match the specified qualifier.')
    }
    return { functionName: ref.functionName, qualifier: ref.qualifier ?? qualifier }
  }

  get scopeInfo(): AccountScope {
    return this.scope
  }

  private resolveLatestForUpdate(identifier: string): FunctionRecord {
    const ref = this.refOf(identifier, undefined)
    const record = this.records.get(ref.functionName)
    if (record === undefined) throw awsErrors.functionNotFound(functionArn(this.scope, ref.functionName, ref.qualifier))
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
      throw awsErrors.invalidParameter('Updating a qualified function is not supported; only $LATEST can be changed.')
    }
    return record
  }

  private checkRevision(record: FunctionRecord, revisionId: string | undefined): void {
    if (revisionId !== undefined && revisionId !== record.configuration.revisionId) {
      throw new LambdaError(
        'ResourceConflictException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      )
    }
  }

  private replace(
    record: FunctionRecord,
    configuration: FunctionConfiguration,
    code: FunctionCode,
    model: FunctionSettings['model'],
    change: 'code' | 'configuration',
  ): void {
    record.configuration = configuration
    record.code = code
    record.settings = this.settingsOf(configuration, model)
    record.generation++
    // New invocations get the new code/configuration: existing environments retire.
    this.environments.retireAll(record.functionName, 'function-updated')
    this.bus.emit({ type: 'function.updated', atMs: this.kernel.nowMs, functionName: record.functionName, change })
  }

  private buildConfiguration(
    name: string,
    arn: string,
    code: FunctionCode,
    input: ConfigurationInput,
    previous: FunctionConfiguration | undefined,
  ): FunctionConfiguration {
    const identity = codeIdentity(code)
    const variables = input.environment?.variables ?? previous?.environment?.variables
    const deadLetter = input.deadLetterConfig ?? previous?.deadLetterConfig
    const layers = input.layers?.map((layerArn) => ({ arn: layerArn, codeSize: 0 })) ?? previous?.layers
    const logging = { ...(previous?.loggingConfig ?? {}), ...(input.loggingConfig ?? {}) }
    return {
      functionName: name,
      functionArn: arn,
      runtime: input.runtime ?? previous?.runtime ?? DEFAULT_RUNTIME,
      role: input.role ?? previous?.role ?? `arn:aws:iam::${this.scope.accountId}:role/lambda-sim-execution-role`,
      handler: input.handler ?? previous?.handler ?? 'index.handler',
      codeSize: identity.codeSize,
      description: input.description ?? previous?.description ?? '',
      timeout: input.timeout ?? previous?.timeout ?? 3,
      memorySize: input.memorySize ?? previous?.memorySize ?? 128,
      lastModified: lambdaTimestamp(this.kernel.nowMs),
      codeSha256: identity.codeSha256,
      version: '$LATEST',
      ...(variables !== undefined ? { environment: { variables: { ...variables } } } : {}),
      tracingConfig: { mode: input.tracingConfig?.mode ?? previous?.tracingConfig.mode ?? 'PassThrough' },
      revisionId: this.ids.uuid(),
      ...(layers !== undefined && layers.length > 0 ? { layers } : {}),
      state: 'Active',
      lastUpdateStatus: 'Successful',
      packageType: 'Zip',
      architectures: input.architectures ?? previous?.architectures ?? ['x86_64'],
      ephemeralStorage: { size: input.ephemeralStorage?.size ?? previous?.ephemeralStorage.size ?? 512 },
      ...(deadLetter !== undefined ? { deadLetterConfig: { ...deadLetter } } : {}),
      loggingConfig: {
        ...logging,
        logFormat: logging.logFormat ?? 'Text',
        logGroup: logging.logGroup ?? `/aws/lambda/${name}`,
      },
    }
  }

  private settingsOf(configuration: FunctionConfiguration, model: FunctionSettings['model']): FunctionSettings {
    const runtime = configuration.runtime
    return {
      timeoutMs: configuration.timeout * 1000,
      memoryMB: configuration.memorySize,
      runtime,
      legacyApi: runtime !== 'nodejs24.x',
      logGroupName: configuration.loggingConfig.logGroup,
      logFormat: configuration.loggingConfig.logFormat,
      applicationLogLevel: configuration.loggingConfig.applicationLogLevel as FunctionSettings['applicationLogLevel'],
      systemLogLevel: configuration.loggingConfig.systemLogLevel as FunctionSettings['systemLogLevel'],
      environmentVariables: {
        ...(configuration.environment?.variables ?? {}),
        AWS_REGION: this.scope.region,
        AWS_DEFAULT_REGION: this.scope.region,
        AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
        AWS_LAMBDA_FUNCTION_NAME: configuration.functionName,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(configuration.memorySize),
        AWS_LAMBDA_FUNCTION_VERSION: configuration.version,
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_LAMBDA_LOG_GROUP_NAME: configuration.loggingConfig.logGroup,
        _HANDLER: configuration.handler,
        LAMBDA_TASK_ROOT: '/var/task',
        LAMBDA_RUNTIME_DIR: '/var/runtime',
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
      },
      model,
    }
  }
}
