/**
 * Aliases: create, get, update, delete, list, with AWS's name rules, `RevisionId` on every change,
 * and the rules for weighted routing (at most one additional version, weight in [0, 1], published
 * versions only, not the primary, same execution role and dead-letter configuration).
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { functionNameOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { coralConstraintList, integerOf, meetsConstraints, stringOf } from '../../config/model-constraints.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { Alias } from '../../model/alias.js'
import type { FunctionRecord } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'

const aliasName = schemaOnFirstUse(() => stringOf(S.CreateAliasRequest.Name))
const functionVersion = schemaOnFirstUse(() => stringOf(S.CreateAliasRequest.FunctionVersion))
/** Java's `Map.toString()` of the weights, as AWS prints them: `{2=0.5}`, `{2=2.0}`. */
function javaMap(weights: Record<string, number>): string {
  const render = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value))
  return `{${Object.entries(weights).map(([key, value]) => `${key}=${render(value)}`).join(', ')}}`
}

const WEIGHTS_PATH = 'routingConfig.additionalVersionWeights'
const WEIGHTS = S.AliasRoutingConfiguration.AdditionalVersionWeights
const additionalVersionWeights = schemaOnFirstUse(() => z.record(z.string(), z.number()).superRefine((weights, context) => {
  const shown = javaMap(weights)
  if (Object.keys(weights).some((key) => !meetsConstraints(WEIGHTS.key, key))) {
    context.addIssue({
      code: 'custom',
      message: 'weights key',
      params: {
        awsProblem: `Value '${shown}' at '${WEIGHTS_PATH}' failed to satisfy constraint: Map keys must satisfy constraint: ${coralConstraintList(WEIGHTS.key, true)}`,
      },
    })
  } else if (Object.values(weights).some((weight) => !meetsConstraints(WEIGHTS.value, weight))) {
    context.addIssue({
      code: 'custom',
      message: 'weights value',
      params: {
        awsProblem: `Value '${shown}' at '${WEIGHTS_PATH}' failed to satisfy constraint: Map value must satisfy constraint: ${coralConstraintList(WEIGHTS.value, true)}`,
      },
    })
  }
}))
const routingConfig = schemaOnFirstUse(() => z.object({ additionalVersionWeights: additionalVersionWeights.optional() }).strict())

export const createAliasSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.CreateAliasRequest.FunctionName),
    name: aliasName,
    functionVersion,
    description: stringOf(S.CreateAliasRequest.Description).optional(),
    routingConfig: routingConfig.optional(),
  })
  .strict())

export const updateAliasSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.UpdateAliasRequest.FunctionName),
    name: aliasName,
    functionVersion: functionVersion.optional(),
    description: stringOf(S.UpdateAliasRequest.Description).optional(),
    routingConfig: routingConfig.optional(),
    revisionId: z.string().optional(),
  })
  .strict())

export const aliasLookupSchema = schemaOnFirstUse(() => z.object({ functionName: functionNameOf(S.GetAliasRequest.FunctionName), name: aliasName }).strict())

export const listAliasesSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.ListAliasesRequest.FunctionName),
    functionVersion: functionVersion.optional(),
    marker: z.string().optional(),
    maxItems: integerOf(S.ListAliasesRequest.MaxItems).optional(),
  })
  .strict())

export type CreateAliasInput = z.input<typeof createAliasSchema>
export type UpdateAliasInput = z.input<typeof updateAliasSchema>
export type AliasLookupInput = z.input<typeof aliasLookupSchema>
export type ListAliasesInput = z.input<typeof listAliasesSchema>

/** `AliasConfiguration` as AWS returns it (camelCase). */
export interface AliasConfiguration {
  readonly aliasArn: string
  readonly name: string
  readonly functionVersion: string
  readonly description: string
  readonly routingConfig?: { readonly additionalVersionWeights: Readonly<Record<string, number>> }
  readonly revisionId: string
}

export interface ListAliasesOutput {
  readonly aliases: AliasConfiguration[]
  readonly nextMarker?: string
}

export function toAliasConfiguration(alias: Alias): AliasConfiguration {
  return {
    aliasArn: alias.aliasArn,
    name: alias.name,
    functionVersion: alias.functionVersion,
    description: alias.description,
    ...(alias.additionalVersionWeights !== undefined ? { routingConfig: { additionalVersionWeights: { ...alias.additionalVersionWeights } } } : {}),
    revisionId: alias.revisionId,
  }
}

export class AliasService {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    /** Told when an alias points elsewhere: its provisioned concurrency re-allocates on the new version. */
    private readonly retargeted: (record: FunctionRecord, alias: Alias) => void,
  ) {}

  createAlias(input: CreateAliasInput): AliasConfiguration {
    const parsed = parseAws(createAliasSchema, input)
    const record = this.store.recordOf(this.store.refOf(parsed.functionName))
    const aliasArn = this.store.arn(record.functionName, parsed.name)
    if (record.aliases.has(parsed.name)) throw awsErrors.resourceConflict(`Alias already exists: ${aliasArn}`)
    const weights = this.checkTargets(record, parsed.functionVersion, parsed.routingConfig?.additionalVersionWeights)
    const alias: Alias = {
      name: parsed.name,
      aliasArn,
      functionVersion: parsed.functionVersion,
      description: parsed.description ?? '',
      additionalVersionWeights: weights,
      revisionId: this.ids.uuid(),
    }
    record.aliases.set(alias.name, alias)
    this.emit(record, alias, 'created')
    return toAliasConfiguration(alias)
  }

  getAlias(input: AliasLookupInput): AliasConfiguration {
    const parsed = parseAws(aliasLookupSchema, input)
    return toAliasConfiguration(this.aliasOf(parsed.functionName, parsed.name, 'Cannot find alias arn').alias)
  }

  updateAlias(input: UpdateAliasInput): AliasConfiguration {
    const parsed = parseAws(updateAliasSchema, input)
    const { record, alias } = this.aliasOf(parsed.functionName, parsed.name, 'Alias not found')
    if (parsed.revisionId !== undefined && parsed.revisionId !== alias.revisionId) throw awsErrors.revisionMismatch()
    const primary = parsed.functionVersion ?? alias.functionVersion
    // An update without RoutingConfig keeps the current one; an empty map removes it.
    const requested = parsed.routingConfig === undefined ? alias.additionalVersionWeights : parsed.routingConfig.additionalVersionWeights
    const weights = this.checkTargets(record, primary, requested)
    const updated: Alias = {
      ...alias,
      functionVersion: primary,
      description: parsed.description ?? alias.description,
      additionalVersionWeights: weights,
      revisionId: this.ids.uuid(),
    }
    record.aliases.set(alias.name, updated)
    this.emit(record, updated, 'updated')
    const weightsChanged = JSON.stringify(updated.additionalVersionWeights ?? {}) !== JSON.stringify(alias.additionalVersionWeights ?? {})
    if (updated.functionVersion !== alias.functionVersion || weightsChanged) this.retargeted(record, updated)
    return toAliasConfiguration(updated)
  }

  deleteAlias(input: AliasLookupInput): void {
    const parsed = parseAws(aliasLookupSchema, input)
    const record = this.store.recordOf(this.store.refOf(parsed.functionName))
    const alias = record.aliases.get(parsed.name)
    // DeleteAlias of a missing alias succeeds silently on AWS.
    if (alias === undefined) return
    record.aliases.delete(parsed.name)
    this.store.qualifierRemoved(record, alias.name)
    this.emit(record, alias, 'deleted')
  }

  listAliases(input: ListAliasesInput): ListAliasesOutput {
    const parsed = parseAws(listAliasesSchema, input)
    const record = this.store.recordOf(this.store.refOf(parsed.functionName))
    const all = [...record.aliases.values()]
      .filter((alias) => parsed.functionVersion === undefined || alias.functionVersion === parsed.functionVersion || parsed.functionVersion in (alias.additionalVersionWeights ?? {}))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const page = paginate(all, (alias) => alias.name, parsed.marker, parsed.maxItems)
    return { aliases: page.items.map(toAliasConfiguration), ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}) }
  }

  /** The alias, or the not-found text this operation uses (GetAlias and UpdateAlias differ). */
  private aliasOf(functionName: string, name: string, notFound: 'Cannot find alias arn' | 'Alias not found'): { record: FunctionRecord; alias: Alias } {
    const record = this.store.recordOf(this.store.refOf(functionName))
    const alias = record.aliases.get(name)
    if (alias === undefined) {
      throw new LambdaError('ResourceNotFoundException', `${notFound}: ${this.store.arn(record.functionName, name)}`)
    }
    return { record, alias }
  }

  /** Checks the primary version and routing weights as AWS does; returns the weights to keep. */
  private checkTargets(
    record: FunctionRecord,
    primary: string,
    weights: Readonly<Record<string, number>> | undefined,
  ): Readonly<Record<string, number>> | undefined {
    const primaryVersion = this.store.versionOf(record, primary)
    const entries = Object.entries(weights ?? {})
    if (entries.length === 0) return undefined
    if (entries.length > 1) {
      throw awsErrors.invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1')
    }
    const [additional] = entries[0] as [string, number]
    if (primary === '$LATEST') {
      throw awsErrors.invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version')
    }
    if (additional === primary) {
      throw awsErrors.invalidParameter(`Invalid function version ${additional}. Function version ${additional} is already included in routing configuration.`)
    }
    const additionalVersion = this.store.versionOf(record, additional)
    if (primaryVersion.configuration.role !== additionalVersion.configuration.role) {
      throw awsErrors.invalidParameter('Specified versions must be associated with the same execution role')
    }
    const dlqOf = (version: typeof primaryVersion): string => version.configuration.deadLetterConfig?.targetArn ?? ''
    if (dlqOf(primaryVersion) !== dlqOf(additionalVersion)) {
      // AWS documents the rule; its message text is unverified (see docs/deviations.md).
      throw awsErrors.invalidParameter('Specified versions must be associated with the same dead letter queue configuration')
    }
    return Object.fromEntries(entries)
  }

  private emit(record: FunctionRecord, alias: Alias, change: 'created' | 'updated' | 'deleted'): void {
    this.bus.emit({
      type: 'alias.changed',
      atMs: this.kernel.nowMs,
      functionName: record.functionName,
      aliasName: alias.name,
      change,
      functionVersion: alias.functionVersion,
      ...(alias.additionalVersionWeights !== undefined ? { additionalVersionWeights: { ...alias.additionalVersionWeights } } : {}),
    })
  }
}
