/**
 * The Lambda control plane for functions: create, get, update (configuration and code), delete and
 * list, validated and answered as AWS does. Calls are instant on the virtual clock; with the state
 * machine on (`function-states.ts`) the changes they start complete later on it.
 */
import { parseAws } from '../../config/aws-validation.js'
import {
  functionLookupSchema,
  listFunctionsSchema,
  updateFunctionCodeSchema,
  updateFunctionConfigurationSchema,
  type CreateFunctionInput,
  type FunctionLookupInput,
  type ListFunctionsInput,
  type UpdateFunctionCodeInput,
  type UpdateFunctionConfigurationInput,
} from './function-schemas.js'
import { awsErrors } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import { functionArn, type AccountScope } from '../../model/arn.js'
import { assertRuntimeAccepted, type Runtime } from '../../model/runtimes.js'
import { codeIdentity, type StoredCode } from '../../model/code.js'
import type { FunctionConfiguration, FunctionRecord, FunctionSettings } from '../../model/function-record.js'
import type { FunctionRef, FunctionStore, ResolvedQualifier } from './function-store.js'
import { paginate } from './paging.js'
import type { EventBus } from '../../observability/bus.js'
import type { EnvironmentManager } from '../environments/environments.js'
import { lambdaTimestamp, snapshotVersion } from './version-snapshot.js'
import type { VersionService } from './versions.js'
import { checkCodeSize, type CodeUploadOperation, type DeclaredCodeSize } from './code-registry.js'
import { FunctionStates, type CreateOrigin } from './function-states.js'
import { layersAsGiven, type FunctionLayerResolver } from './layers.js'
import { parseCreateFunction } from './create-function-input.js'

export const DEFAULT_RUNTIME: Runtime = 'nodejs22.x'

export interface GetFunctionOutput {
  readonly configuration: FunctionConfiguration
  readonly code: { readonly repositoryType: 'S3'; readonly location: string }
  readonly tags?: Readonly<Record<string, string>>
  /** Present when the function has reserved concurrency. */
  readonly concurrency?: { readonly reservedConcurrentExecutions: number }
}

export interface ListFunctionsOutput {
  readonly functions: FunctionConfiguration[]
  readonly nextMarker?: string
}

type ConfigurationInput = Omit<UpdateFunctionConfigurationInput, 'functionName' | 'revisionId'>


export class FunctionRegistry {
  private readonly scope: AccountScope
  private readonly records: Map<string, FunctionRecord>

  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly environments: EnvironmentManager,
    /** Publishing and deleting versions live in `versions.ts`. */
    private readonly versions: Pick<VersionService, 'publishLatest' | 'deleteVersion'>,
    /** Pending → Active and InProgress → Successful; off unless the simulation asks for it. */
    private readonly states: FunctionStates = new FunctionStates(store, kernel, ids, undefined),
    /** The size a registered package declared (`registerCode(name, code, size)`), for `CodeSize` and the limits. */
    private readonly declaredSize: (code: StoredCode) => DeclaredCodeSize | undefined = () => undefined,
    /** `Layers`: each an existing version, at most five, code plus layers within 250 MB unzipped (`layers.ts`). */
    private readonly layers: FunctionLayerResolver = layersAsGiven,
  ) {
    this.scope = store.scope
    this.records = store.records
  }

  /** `origin`: `sdk` when the call came through `LambdaClient` (the state machine's `scope: 'sdk'`). */
  createFunction(input: CreateFunctionInput, origin: CreateOrigin = 'facade'): FunctionConfiguration {
    const parsed = parseCreateFunction(input)
    const name = parsed.functionName
    if (this.records.has(name)) throw awsErrors.functionExists(name)
    assertRuntimeAccepted(parsed.runtime ?? DEFAULT_RUNTIME, 'create', this.kernel.nowMs)
    this.checkSize(parsed.code, 'CreateFunction')
    const arn = functionArn(this.scope, name)
    const configuration = this.buildConfiguration(name, arn, parsed.code, parsed, undefined, this.states.creating(origin))
    const record: FunctionRecord = {
      functionName: name,
      functionArn: arn,
      latest: snapshotVersion(this.store, configuration, parsed.code, parsed.model ?? {}),
      versions: new Map(),
      lastPublishedNumber: 0,
      publishedGeneration: undefined,
      aliases: new Map(),
      tags: { ...(parsed.tags ?? {}) },
      reservedConcurrency: undefined,
      recursiveLoop: 'Terminate',
      provisioned: new Map(),
      eventInvokeConfigs: new Map(),
      policies: new Map(),
      ...(this.states.applies(origin) ? { timedStates: true } : {}),
    }
    this.records.set(name, record)
    this.states.changed(record, 'create')
    this.bus.emit({ type: 'function.created', atMs: this.kernel.nowMs, functionName: name, functionArn: arn })
    return parsed.publish === true ? this.publish(record) : configuration
  }

  /** `GetFunction`: with a qualifier, the version (or the alias's primary version) it names. */
  getFunction(input: FunctionLookupInput): GetFunctionOutput {
    const parsed = parseAws(functionLookupSchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    const resolved = this.store.resolve(ref)
    const version = this.store.versionFor(resolved)
    const record = resolved.record
    return {
      configuration: this.asRequested(ref, version.configuration),
      code: { repositoryType: 'S3', location: `lambda-sim://code/${record.functionName}/${encodeURIComponent(version.configuration.codeSha256)}` },
      ...(Object.keys(record.tags).length > 0 ? { tags: { ...record.tags } } : {}),
      ...(record.reservedConcurrency !== undefined ? { concurrency: { reservedConcurrentExecutions: record.reservedConcurrency } } : {}),
    }
  }

  getFunctionConfiguration(input: FunctionLookupInput): FunctionConfiguration {
    const parsed = parseAws(functionLookupSchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    return this.asRequested(ref, this.store.versionFor(this.store.resolve(ref)).configuration)
  }

  /**
   * A configuration as AWS shows it to the one who asked: read through an alias, `FunctionArn` is
   * the alias's ARN (`Version` stays the version it points to). [S] (issue 16's recorded answers)
   */
  private asRequested(ref: FunctionRef, configuration: FunctionConfiguration): FunctionConfiguration {
    const qualifier = ref.qualifier
    if (qualifier === undefined || qualifier === '$LATEST' || qualifier === configuration.version) return configuration
    return { ...configuration, functionArn: this.store.arn(ref.functionName, qualifier) }
  }

  updateFunctionConfiguration(input: UpdateFunctionConfigurationInput): FunctionConfiguration {
    const parsed = parseAws(updateFunctionConfigurationSchema, input)
    const record = this.resolveLatestForUpdate(parsed.functionName)
    this.checkRevision(record, parsed.revisionId)
    this.states.checkUpdatable(record)
    assertRuntimeAccepted(parsed.runtime ?? record.latest.configuration.runtime, 'update', this.kernel.nowMs)
    const { functionName: _name, revisionId: _revision, ...changes } = parsed
    const latest = record.latest
    const configuration = this.buildConfiguration(record.functionName, record.functionArn, latest.code, changes, latest.configuration, this.states.updating(record))
    this.replace(record, configuration, latest.code, changes.model ?? latest.settings.model, 'configuration')
    return configuration
  }

  updateFunctionCode(input: UpdateFunctionCodeInput): FunctionConfiguration {
    const parsed = parseAws(updateFunctionCodeSchema, input)
    const record = this.resolveLatestForUpdate(parsed.functionName)
    this.checkRevision(record, parsed.revisionId)
    this.states.checkUpdatable(record)
    assertRuntimeAccepted(record.latest.configuration.runtime, 'update', this.kernel.nowMs)
    this.checkSize(parsed.code, 'UpdateFunctionCode')
    const latest = record.latest
    const configuration = this.buildConfiguration(record.functionName, record.functionArn, parsed.code, {}, latest.configuration, this.states.updating(record))
    this.replace(record, configuration, parsed.code, latest.settings.model, 'code')
    return parsed.publish === true ? this.publish(record) : configuration
  }

  /** `DeleteFunction`: the whole function, or with a version qualifier just that version. */
  deleteFunction(input: FunctionLookupInput): void {
    const parsed = parseAws(functionLookupSchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    // A missing function is reported by its unqualified ARN, even when a qualifier was given.
    const record = this.store.recordOf({ functionName: ref.functionName, qualifier: undefined })
    if (ref.qualifier !== undefined) {
      this.versions.deleteVersion(record, ref.qualifier)
      return
    }
    this.records.delete(record.functionName)
    this.store.functionRemoved(record)
    for (const qualifier of [...record.provisioned.keys()]) this.store.qualifierRemoved(record, qualifier)
    this.environments.retireAll(record.functionName, 'function-deleted')
    this.bus.emit({ type: 'function.deleted', atMs: this.kernel.nowMs, functionName: record.functionName })
  }

  listFunctions(input: ListFunctionsInput = {}): ListFunctionsOutput {
    const parsed = parseAws(listFunctionsSchema, input)
    const entries: { marker: string; configuration: FunctionConfiguration }[] = []
    for (const name of [...this.records.keys()].sort()) {
      const record = this.records.get(name) as FunctionRecord
      entries.push({ marker: name, configuration: record.latest.configuration })
      if (parsed.functionVersion !== 'ALL') continue
      for (const version of [...record.versions.values()].sort((a, b) => Number(a.version) - Number(b.version))) {
        entries.push({ marker: `${name}:${version.version}`, configuration: version.configuration })
      }
    }
    const page = paginate(entries, (entry) => entry.marker, parsed.marker, parsed.maxItems)
    return { functions: page.items.map((entry) => entry.configuration), ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** What an invocation of `functionName` (+ `qualifier`) names, or AWS's not-found error. */
  resolve(functionName: string, qualifier?: string): ResolvedQualifier {
    return this.store.resolve(this.store.refOf(functionName, qualifier))
  }

  private publish(record: FunctionRecord): FunctionConfiguration {
    return this.versions.publishLatest(record, undefined).configuration
  }

  private resolveLatestForUpdate(identifier: string): FunctionRecord {
    const ref = this.store.refOf(identifier)
    const record = this.store.recordOf(ref)
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
      throw awsErrors.invalidParameter('Updating a qualified function is not supported; only $LATEST can be changed.')
    }
    return record
  }

  /** AWS's unzipped-size limit, for code registered with a declared size (the request-size one is the upload's). */
  private checkSize(code: StoredCode, operation: CodeUploadOperation): void {
    checkCodeSize(this.declaredSize(code), operation, false)
  }

  private checkRevision(record: FunctionRecord, revisionId: string | undefined): void {
    if (revisionId !== undefined && revisionId !== record.latest.configuration.revisionId) throw awsErrors.revisionMismatch()
  }

  private replace(
    record: FunctionRecord,
    configuration: FunctionConfiguration,
    code: StoredCode,
    model: FunctionSettings['model'],
    change: 'code' | 'configuration',
  ): void {
    // While the update is InProgress, invocations keep running the snapshot they ran before it.
    const applying = configuration.lastUpdateStatus === 'InProgress'
    if (applying) record.serving = record.latest
    record.latest = snapshotVersion(this.store, configuration, code, model)
    this.states.changed(record, 'update')
    // New invocations of $LATEST get the new code/configuration: its environments retire (once
    // the update has applied, when it takes time: FunctionStates.settle).
    if (!applying) this.environments.retireAll(record.functionName, 'function-updated', '$LATEST')
    this.bus.emit({ type: 'function.updated', atMs: this.kernel.nowMs, functionName: record.functionName, change })
  }

  private buildConfiguration(
    name: string,
    arn: string,
    code: StoredCode,
    input: ConfigurationInput,
    previous: FunctionConfiguration | undefined,
    states: Pick<
      FunctionConfiguration,
      'state' | 'stateReason' | 'stateReasonCode' | 'lastUpdateStatus' | 'lastUpdateStatusReason' | 'lastUpdateStatusReasonCode'
    >,
  ): FunctionConfiguration {
    const identity = codeIdentity(code)
    const declaredZipped = this.declaredSize(code)?.zippedBytes
    const variables = input.environment?.variables ?? previous?.environment?.variables
    const deadLetter = input.deadLetterConfig ?? previous?.deadLetterConfig
    const layers = this.layers.layersFor(input.layers, previous?.layers, this.declaredSize(code)?.unzippedBytes ?? identity.codeSize)
    const logging = { ...(previous?.loggingConfig ?? {}), ...(input.loggingConfig ?? {}) }
    return {
      functionName: name,
      functionArn: arn,
      runtime: input.runtime ?? previous?.runtime ?? DEFAULT_RUNTIME,
      role: input.role ?? previous?.role ?? `arn:aws:iam::${this.scope.accountId}:role/lambda-sim-execution-role`,
      handler: input.handler ?? previous?.handler ?? 'index.handler',
      codeSize: declaredZipped ?? identity.codeSize,
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
      ...states,
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
}
