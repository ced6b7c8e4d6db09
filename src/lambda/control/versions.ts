/**
 * Versions: `publishVersion` snapshots `$LATEST` (code and configuration) into an immutable numbered
 * version; publishing again with nothing changed returns the existing version. Numbers are never
 * reused, even after a version is deleted.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { functionNameOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { integerOf, stringOf } from '../../config/model-constraints.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import { aliasTargets } from '../../model/alias.js'
import type { FunctionConfiguration, FunctionRecord, FunctionVersion } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { EnvironmentManager } from '../environments/environments.js'
import { lambdaTimestamp, snapshotVersion } from './version-snapshot.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'
import { FunctionStates } from './function-states.js'

export const publishVersionSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.PublishVersionRequest.FunctionName),
    /** Publish only if `$LATEST`'s code still has this hash. */
    codeSha256: z.string().optional(),
    /** The version's description (default: `$LATEST`'s). */
    description: stringOf(S.PublishVersionRequest.Description).optional(),
    /** Publish only if `$LATEST`'s configuration is still at this revision. */
    revisionId: z.string().optional(),
  })
  .strict())

export type PublishVersionInput = z.input<typeof publishVersionSchema>

export const listVersionsSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.ListVersionsByFunctionRequest.FunctionName),
    marker: z.string().optional(),
    maxItems: integerOf(S.ListVersionsByFunctionRequest.MaxItems).optional(),
  })
  .strict())

export type ListVersionsByFunctionInput = z.input<typeof listVersionsSchema>

export interface ListVersionsByFunctionOutput {
  readonly versions: FunctionConfiguration[]
  readonly nextMarker?: string
}

export class VersionService {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly environments: EnvironmentManager,
    /** AWS refuses PublishVersion while the function is Pending or an update is in progress. */
    private readonly states: FunctionStates = new FunctionStates(store, kernel, ids, undefined),
  ) {}

  publishVersion(input: PublishVersionInput): FunctionConfiguration {
    const parsed = parseAws(publishVersionSchema, input)
    const ref = this.store.refOf(parsed.functionName)
    const record = this.store.recordOf(ref)
    const latest = record.latest
    if (parsed.codeSha256 !== undefined && parsed.codeSha256 !== latest.configuration.codeSha256) {
      throw awsErrors.invalidParameter(
        `CodeSHA256 (${parsed.codeSha256}) is different from current CodeSHA256 in $LATEST (${latest.configuration.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      )
    }
    if (parsed.revisionId !== undefined && parsed.revisionId !== latest.configuration.revisionId) throw awsErrors.revisionMismatch()
    this.states.checkUpdatable(record)
    return this.publishLatest(record, parsed.description).configuration
  }

  /**
   * Snapshots `$LATEST`. When `$LATEST` has not changed since the last publish (no code or
   * configuration update, not even of its description), the newest version is returned as it is
   * and a new `description` is ignored, as on AWS.
   */
  publishLatest(record: FunctionRecord, description: string | undefined): FunctionVersion {
    const latest = record.latest
    // Only the version made by the last publish can be answered again (it may have been deleted).
    const newest = record.versions.get(String(record.lastPublishedNumber))
    if (newest !== undefined && record.publishedGeneration === latest.generation) return newest
    const number = String(++record.lastPublishedNumber)
    const configuration: FunctionConfiguration = {
      ...latest.configuration,
      functionArn: this.store.arn(record.functionName, number),
      version: number,
      description: description ?? latest.configuration.description,
      revisionId: this.ids.uuid(),
      lastModified: lambdaTimestamp(this.kernel.nowMs),
    }
    const version = snapshotVersion(this.store, configuration, latest.code, latest.settings.model)
    record.versions.set(number, version)
    record.publishedGeneration = latest.generation
    this.bus.emit({ type: 'version.published', atMs: this.kernel.nowMs, functionName: record.functionName, version: number })
    return version
  }

  listVersionsByFunction(input: ListVersionsByFunctionInput): ListVersionsByFunctionOutput {
    const parsed = parseAws(listVersionsSchema, input)
    const record = this.store.recordOf(this.store.refOf(parsed.functionName))
    const all = [record.latest, ...[...record.versions.values()].sort((a, b) => Number(a.version) - Number(b.version))]
    const page = paginate(all, (version) => version.version, parsed.marker, parsed.maxItems)
    return {
      // Every item's FunctionArn is qualified in this listing, `:$LATEST` included.
      versions: page.items.map((v) => (v.version === '$LATEST' ? { ...v.configuration, functionArn: this.store.arn(record.functionName, '$LATEST') } : v.configuration)),
      ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}),
    }
  }

  /** `DeleteFunction` with a qualifier: one published version. */
  deleteVersion(record: FunctionRecord, qualifier: string): void {
    if (qualifier === '$LATEST') throw awsErrors.invalidParameter('$LATEST version cannot be deleted without deleting the function.')
    if (!/^\d+$/.test(qualifier)) {
      throw awsErrors.invalidParameter('Deletion of aliases is not currently supported.')
    }
    // Deleting a version that does not exist succeeds: the call is idempotent.
    if (!record.versions.has(qualifier)) return
    const referencing = [...record.aliases.values()].filter((alias) => aliasTargets(alias).includes(qualifier)).map((alias) => alias.name)
    if (referencing.length > 0) {
      throw new LambdaError(
        'ResourceConflictException',
        `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
      )
    }
    record.versions.delete(qualifier)
    this.store.qualifierRemoved(record, qualifier)
    this.environments.retireAll(record.functionName, 'function-deleted', qualifier)
    this.bus.emit({ type: 'version.deleted', atMs: this.kernel.nowMs, functionName: record.functionName, version: qualifier })
  }
}
