/**
 * The concurrency control plane: reserved concurrency per function and provisioned concurrency per
 * published version or alias, validated as AWS validates them. Provisioned concurrency is
 * allocated over virtual time: `IN_PROGRESS` when configured, `READY` after `readyDelayMs`.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { functionNameOf, qualifierOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { integerOf } from '../../config/model-constraints.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { Kernel } from '../../kernel/kernel.js'
import { isWeighted, aliasTargets } from '../../model/alias.js'
import type { AccountConcurrency, ProvisionedConcurrencyConfig } from '../../model/concurrency-config.js'
import type { ConcurrencyView, FunctionCapacity } from '../../model/concurrency.js'
import type { FunctionRecord, FunctionVersion } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import { lambdaTimestamp } from './version-snapshot.js'
import type { FunctionStore } from './function-store.js'
import { paginate } from './paging.js'

const putReserved = S.PutFunctionConcurrencyRequest
const putProvisioned = S.PutProvisionedConcurrencyConfigRequest
const listProvisioned = S.ListProvisionedConcurrencyConfigsRequest

export const putFunctionConcurrencySchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(putReserved.FunctionName), reservedConcurrentExecutions: integerOf(putReserved.ReservedConcurrentExecutions) })
  .strict())
/** Get/DeleteFunctionConcurrency: the same `FunctionName` shape. */
export const functionOnlySchema = schemaOnFirstUse(() => z.object({ functionName: functionNameOf(S.GetFunctionConcurrencyRequest.FunctionName) }).strict())
export const putProvisionedSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(putProvisioned.FunctionName),
    qualifier: qualifierOf(putProvisioned.Qualifier),
    provisionedConcurrentExecutions: integerOf(putProvisioned.ProvisionedConcurrentExecutions),
  })
  .strict())
export const provisionedLookupSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(S.GetProvisionedConcurrencyConfigRequest.FunctionName),
    qualifier: qualifierOf(S.GetProvisionedConcurrencyConfigRequest.Qualifier),
  })
  .strict())
export const listProvisionedSchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(listProvisioned.FunctionName), marker: z.string().optional(), maxItems: integerOf(listProvisioned.MaxItems).optional() })
  .strict())

export type PutFunctionConcurrencyInput = z.input<typeof putFunctionConcurrencySchema>
export type FunctionOnlyInput = z.input<typeof functionOnlySchema>
export type PutProvisionedConcurrencyConfigInput = z.input<typeof putProvisionedSchema>
export type ProvisionedConcurrencyLookupInput = z.input<typeof provisionedLookupSchema>
export type ListProvisionedConcurrencyConfigsInput = z.input<typeof listProvisionedSchema>

export interface ProvisionedConcurrencyConfigOutput {
  readonly requestedProvisionedConcurrentExecutions: number
  readonly availableProvisionedConcurrentExecutions: number
  readonly allocatedProvisionedConcurrentExecutions: number
  readonly status: 'IN_PROGRESS' | 'READY' | 'FAILED'
  readonly statusReason?: string
  readonly lastModified: string
}

export interface ListProvisionedConcurrencyConfigsOutput {
  readonly provisionedConcurrencyConfigs: (ProvisionedConcurrencyConfigOutput & { readonly functionArn: string })[]
  readonly nextMarker?: string
}

const UNPUBLISHED = 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.'
const NOT_ALIAS_OR_VERSION = 'The function resource provided must be an alias or a published version.'

/** Creates and retires provisioned environments (the invocation engine and environment manager). */
export interface Provisioner {
  provision(target: FunctionVersion, provisionedFor: string, done: (ok: boolean, reason?: string) => void): void
  live(functionName: string, provisionedFor: string, version?: string): { readonly version: string }[]
  deprovision(functionName: string, provisionedFor: string, version?: string, count?: number): void
}

export class ConcurrencyConfigService implements ConcurrencyView {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly account: AccountConcurrency,
    private readonly readyDelayMs: number,
    /** Creates and removes provisioned environments (the invoke path runs their init). */
    private readonly provisioner: Provisioner,
  ) {
    store.onQualifierRemoved((record, qualifier) => this.forget(record, qualifier))
    store.onFunctionRemoved(() => this.capacityChanged())
  }

  /**
   * The unreserved pool's size as last summed, or undefined once anything it depends on changed.
   * Why: admission asks on every invocation of a function without a reservation, and the sum walks
   * every function's provisioned configs. Every write to a reservation, a provisioned config or its
   * allocation, and every deleted function, calls `capacityChanged` (a new function adds nothing).
   */
  private unreservedSum: number | undefined = undefined
  /** Counts those changes: a function's capacity object is current while it carries the count. */
  private capacityGeneration = 0

  private capacityChanged(): void {
    this.unreservedSum = undefined
    this.capacityGeneration++
  }

  /** A deleted version or alias takes its provisioned concurrency with it. */
  private forget(record: FunctionRecord, qualifier: string): void {
    const config = record.provisioned.get(qualifier)
    if (config === undefined) return
    if (config.allocation !== undefined) this.kernel.cancel(config.allocation)
    record.provisioned.delete(qualifier)
    this.capacityChanged()
    this.provisioner.deprovision(record.functionName, qualifier)
    this.bus.emit({ type: 'provisioned.changed', atMs: this.kernel.nowMs, functionName: record.functionName, qualifier, requested: 0, allocated: 0, status: 'DELETED' })
  }

  /**
   * The alias now points at another version: its provisioned concurrency is deallocated from the
   * old version and allocated to the new one (IN_PROGRESS again, READY after the delay).
   */
  aliasRetargeted(record: FunctionRecord, aliasName: string): void {
    const config = record.provisioned.get(aliasName)
    if (config === undefined) return
    if (config.allocation !== undefined) this.kernel.cancel(config.allocation)
    // The old version's environments go now; the new version's are allocated after the delay.
    this.provisioner.deprovision(record.functionName, aliasName)
    config.allocated = 0
    this.capacityChanged()
    config.status = 'IN_PROGRESS'
    config.lastModifiedMs = this.kernel.nowMs
    this.scheduleAllocation(record, config)
  }

  /** READY after the allocation delay, on the virtual clock. */
  private scheduleAllocation(record: FunctionRecord, config: ProvisionedConcurrencyConfig): void {
    config.allocation = this.kernel.schedule(this.kernel.nowMs + this.readyDelayMs, (c: ProvisionedConcurrencyConfig) => this.allocate(record, c), config)
    this.emitProvisioned(record, config)
  }

  // ---------------------------------------------------------------- reserved

  putFunctionConcurrency(input: PutFunctionConcurrencyInput): { reservedConcurrentExecutions: number } {
    const parsed = parseAws(putFunctionConcurrencySchema, input)
    const record = this.functionOnly(parsed.functionName, '$LATEST')
    const reserved = parsed.reservedConcurrentExecutions
    const reservedElsewhere = this.totalReserved(record.functionName)
    // Provisioned concurrency of functions without a reservation also comes out of the unreserved pool.
    const unreservedProvisioned = this.totalUnreservedProvisioned(record, undefined)
    if (this.account.accountLimit - reservedElsewhere - reserved - unreservedProvisioned < this.account.unreservedMinimum) {
      throw awsErrors.invalidParameter(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${this.account.unreservedMinimum}].`,
      )
    }
    const provisioned = this.totalProvisioned(record)
    if (reserved < provisioned) {
      // AWS's text for this case is unverified (see docs/deviations.md).
      throw awsErrors.invalidParameter(`ReservedConcurrentExecutions ${reserved} should not be lower than function's total provisioned concurrency [${provisioned}].`)
    }
    record.reservedConcurrency = reserved
    this.capacityChanged()
    this.bus.emit({ type: 'concurrency.reserved', atMs: this.kernel.nowMs, functionName: record.functionName, reservedConcurrentExecutions: reserved })
    return { reservedConcurrentExecutions: reserved }
  }

  getFunctionConcurrency(input: FunctionOnlyInput): { reservedConcurrentExecutions?: number } {
    const parsed = parseAws(functionOnlySchema, input)
    const record = this.functionOnly(parsed.functionName)
    return record.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: record.reservedConcurrency }
  }

  deleteFunctionConcurrency(input: FunctionOnlyInput): void {
    const parsed = parseAws(functionOnlySchema, input)
    const record = this.functionOnly(parsed.functionName)
    record.reservedConcurrency = undefined
    this.capacityChanged()
    this.bus.emit({ type: 'concurrency.reserved', atMs: this.kernel.nowMs, functionName: record.functionName, reservedConcurrentExecutions: undefined })
  }

  /** Reserved concurrency belongs to the function: a qualified name is refused. */
  private functionOnly(identifier: string, notFoundQualifier?: string): FunctionRecord {
    const ref = this.store.refOf(identifier)
    const record = this.store.records.get(ref.functionName)
    if (record === undefined) throw awsErrors.functionNotFound(this.store.arn(ref.functionName, notFoundQualifier))
    if (ref.qualifier !== undefined) {
      throw awsErrors.invalidParameter(
        'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
      )
    }
    return record
  }

  // ---------------------------------------------------------------- provisioned

  /** The version or alias a provisioned-concurrency operation names (never `$LATEST`). */
  private provisionedTarget(functionName: string, qualifier: string, latestMessage: string): { record: FunctionRecord; qualifier: string; resolved: ReturnType<FunctionStore['resolve']> } {
    const ref = this.store.refOf(functionName, qualifier)
    const name = ref.qualifier as string
    if (name === '$LATEST') throw awsErrors.invalidParameter(latestMessage)
    // A missing function with an alias name reads like a missing alias (numeric: `Function not found: …:N`).
    if (!this.store.records.has(ref.functionName) && !/^\d+$/.test(name)) {
      throw new LambdaError('ResourceNotFoundException', `Cannot find alias arn: ${this.store.arn(ref.functionName, name)}`)
    }
    const resolved = this.store.resolve(ref, 'alias-arn')
    return { record: resolved.record, qualifier: name, resolved }
  }

  putProvisionedConcurrencyConfig(input: PutProvisionedConcurrencyConfigInput): ProvisionedConcurrencyConfigOutput {
    const parsed = parseAws(putProvisionedSchema, input)
    const { record, qualifier, resolved } = this.provisionedTarget(parsed.functionName, parsed.qualifier, UNPUBLISHED)
    const requested = parsed.provisionedConcurrentExecutions
    if (resolved.kind === 'alias') {
      if (isWeighted(resolved.alias)) throw awsErrors.invalidParameter('Alias with weights can not be used with Provisioned Concurrency')
      const version = resolved.alias.functionVersion
      if (version === '$LATEST') throw awsErrors.invalidParameter(UNPUBLISHED)
      if (record.provisioned.has(version)) {
        throw awsErrors.resourceConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
      }
    } else {
      const coveredByAlias = [...record.provisioned.keys()].some((key) => {
        const alias = record.aliases.get(key)
        return alias !== undefined && aliasTargets(alias).includes(qualifier)
      })
      if (coveredByAlias) throw awsErrors.resourceConflict('Version is pointed by a Provisioned Concurrency alias')
    }
    const otherProvisioned = this.totalProvisioned(record, qualifier)
    if (record.reservedConcurrency !== undefined) {
      if (otherProvisioned + requested > record.reservedConcurrency) {
        throw awsErrors.invalidParameter('Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function')
      }
    } else {
      // Without a reservation, provisioned concurrency comes out of the account's unreserved pool.
      const unreserved = this.account.accountLimit - this.totalReserved(record.functionName) - this.totalUnreservedProvisioned(record, qualifier)
      if (requested > unreserved) {
        throw awsErrors.invalidParameter(`Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${unreserved}].`)
      }
      if (unreserved - requested < this.account.unreservedMinimum) {
        throw awsErrors.invalidParameter(
          `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${this.account.unreservedMinimum}].`,
        )
      }
    }
    const previous = record.provisioned.get(qualifier)
    if (previous?.allocation !== undefined) this.kernel.cancel(previous.allocation)
    const config: ProvisionedConcurrencyConfig = {
      qualifier,
      requested,
      // Environments already allocated keep serving until the new allocation adds or retires some.
      allocated: previous?.allocated ?? 0,
      status: 'IN_PROGRESS',
      statusReason: undefined,
      lastModifiedMs: this.kernel.nowMs,
      allocation: undefined,
    }
    record.provisioned.set(qualifier, config)
    this.capacityChanged()
    this.scheduleAllocation(record, config)
    return toOutput(config)
  }

  getProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): ProvisionedConcurrencyConfigOutput {
    const parsed = parseAws(provisionedLookupSchema, input)
    const { record, qualifier } = this.provisionedTarget(parsed.functionName, parsed.qualifier, NOT_ALIAS_OR_VERSION)
    const config = record.provisioned.get(qualifier)
    if (config === undefined) {
      throw new LambdaError('ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function')
    }
    return toOutput(config)
  }

  /** Deleting a config that does not exist succeeds (idempotent). */
  deleteProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): void {
    const parsed = parseAws(provisionedLookupSchema, input)
    const { record, qualifier } = this.provisionedTarget(parsed.functionName, parsed.qualifier, NOT_ALIAS_OR_VERSION)
    this.forget(record, qualifier)
  }

  listProvisionedConcurrencyConfigs(input: ListProvisionedConcurrencyConfigsInput): ListProvisionedConcurrencyConfigsOutput {
    const parsed = parseAws(listProvisionedSchema, input)
    const record = this.store.recordOf(this.store.refOf(parsed.functionName))
    const all = [...record.provisioned.values()].sort((a, b) => (a.qualifier < b.qualifier ? -1 : a.qualifier > b.qualifier ? 1 : 0))
    const page = paginate(all, (config) => config.qualifier, parsed.marker, parsed.maxItems)
    return {
      provisionedConcurrencyConfigs: page.items.map((c) => ({ functionArn: this.store.arn(record.functionName, c.qualifier), ...toOutput(c) })),
      ...(page.nextMarker !== undefined ? { nextMarker: page.nextMarker } : {}),
    }
  }

  // ---------------------------------------------------------------- sums

  /** Reserved concurrency of every function except `exceptFunction`. */
  private totalReserved(exceptFunction: string): number {
    let total = 0
    for (const record of this.store.records.values()) {
      if (record.functionName !== exceptFunction) total += record.reservedConcurrency ?? 0
    }
    return total
  }

  /** Provisioned concurrency requested on the function's qualifiers (except one). */
  private totalProvisioned(record: FunctionRecord, exceptQualifier?: string): number {
    let total = 0
    for (const config of record.provisioned.values()) if (config.qualifier !== exceptQualifier) total += config.requested
    return total
  }

  /**
   * Provisioned concurrency that draws on the unreserved pool (functions without reservations),
   * leaving out `current`'s config for `exceptQualifier` — or all of `current`'s when it is undefined.
   */
  private totalUnreservedProvisioned(current: FunctionRecord, exceptQualifier: string | undefined): number {
    let total = 0
    for (const record of this.store.records.values()) {
      if (record.reservedConcurrency !== undefined) continue
      for (const config of record.provisioned.values()) {
        if (record === current && (exceptQualifier === undefined || config.qualifier === exceptQualifier)) continue
        total += config.requested
      }
    }
    return total
  }

  /**
   * Brings the qualifier's provisioned environments to the requested count: per version (an alias
   * with weights splits them by weight), extra ones retire, missing ones are created and run their
   * init. `allocated` counts environments ready to serve; READY when all are.
   */
  private allocate(record: FunctionRecord, config: ProvisionedConcurrencyConfig): void {
    if (record.provisioned.get(config.qualifier) !== config) return
    config.allocation = undefined
    const provisioner = this.provisioner
    const shares = this.shares(record, config)
    if (shares === undefined) {
      config.allocated = config.requested
      this.capacityChanged()
      return this.markReady(record, config)
    }
    const versions = new Set(shares.map((share) => share.version.version))
    for (const env of provisioner.live(record.functionName, config.qualifier)) {
      if (!versions.has(env.version)) provisioner.deprovision(record.functionName, config.qualifier, env.version)
    }
    // Plan first (provisioning may report back synchronously when init takes no virtual time).
    const missing: FunctionVersion[] = []
    let allocated = 0
    for (const share of shares) {
      const have = provisioner.live(record.functionName, config.qualifier, share.version.version).length
      if (have > share.count) provisioner.deprovision(record.functionName, config.qualifier, share.version.version, have - share.count)
      allocated += Math.min(have, share.count)
      for (let i = have; i < share.count; i++) missing.push(share.version)
    }
    config.allocated = allocated
    this.capacityChanged()
    let remaining = missing.length
    if (remaining === 0) return this.markReady(record, config)
    for (const version of missing) {
      provisioner.provision(version, config.qualifier, (ok, reason) => {
        if (record.provisioned.get(config.qualifier) !== config || config.status === 'FAILED') return
        remaining--
        if (!ok) {
          config.status = 'FAILED'
          config.statusReason = `FUNCTION_ERROR_INIT_FAILURE: ${reason ?? 'init failed'}`
          config.lastModifiedMs = this.kernel.nowMs
          this.emitProvisioned(record, config)
          return
        }
        config.allocated++
        this.capacityChanged()
        if (remaining === 0) this.markReady(record, config)
      })
    }
  }

  private markReady(record: FunctionRecord, config: ProvisionedConcurrencyConfig): void {
    config.status = 'READY'
    config.lastModifiedMs = this.kernel.nowMs
    this.emitProvisioned(record, config)
  }

  /** How many environments each version gets: all on the version, or split by the alias's weights. */
  private shares(record: FunctionRecord, config: ProvisionedConcurrencyConfig): { version: FunctionVersion; count: number }[] | undefined {
    const alias = record.aliases.get(config.qualifier)
    if (alias === undefined) {
      const version = record.versions.get(config.qualifier)
      return version === undefined ? undefined : [{ version, count: config.requested }]
    }
    const primary = record.versions.get(alias.functionVersion)
    if (primary === undefined) return undefined
    const [additional, weight] = Object.entries(alias.additionalVersionWeights ?? {})[0] ?? [undefined, 0]
    const other = additional === undefined ? undefined : record.versions.get(additional)
    if (other === undefined) return [{ version: primary, count: config.requested }]
    const toOther = Math.round(config.requested * weight)
    return [
      { version: primary, count: config.requested - toOther },
      { version: other, count: toOther },
    ]
  }

  // ---------------------------------------------------------------- the view admission uses

  capacityOf(functionName: string): FunctionCapacity {
    const last = this.lastCapacity
    // The function asked last, and nothing changed since: admission asks once per invocation.
    if (last !== undefined && last.functionName === functionName && last.generation === this.capacityGeneration) return last
    const record = this.store.records.get(functionName)
    let allocated = 0
    if (record !== undefined && record.provisioned.size > 0) for (const config of record.provisioned.values()) allocated += config.allocated
    // One object per function, refreshed when asked for after a change or another function's turn.
    let capacity = functionName === last?.functionName ? last : this.capacities.get(functionName)
    if (capacity === undefined) {
      capacity = { functionName, reserved: undefined, provisionedAllocated: 0, generation: 0 }
      this.capacities.set(functionName, capacity)
    }
    this.lastCapacity = capacity
    capacity.reserved = record?.reservedConcurrency
    capacity.provisionedAllocated = allocated
    capacity.generation = this.capacityGeneration
    return capacity
  }

  private readonly capacities = new Map<string, CachedCapacity>()
  /** The capacity object handed out last (they are never forgotten). */
  private lastCapacity: CachedCapacity | undefined = undefined

  unreservedCapacity(): number {
    return this.unreservedSum ?? (this.unreservedSum = this.sumUnreserved())
  }

  private sumUnreserved(): number {
    let reserved = 0
    let unreservedProvisioned = 0
    for (const record of this.store.records.values()) {
      if (record.reservedConcurrency !== undefined) {
        reserved += record.reservedConcurrency
        continue
      }
      for (const config of record.provisioned.values()) unreservedProvisioned += config.allocated
    }
    return this.account.accountLimit - reserved - unreservedProvisioned
  }

  provisionedFor(functionName: string, invokedQualifier: string | undefined, _version: string): string | undefined {
    if (invokedQualifier === undefined) return undefined
    const config = this.store.records.get(functionName)?.provisioned.get(invokedQualifier)
    return config !== undefined && config.allocated > 0 ? invokedQualifier : undefined
  }

  private emitProvisioned(record: FunctionRecord, config: ProvisionedConcurrencyConfig): void {
    this.bus.emit({
      type: 'provisioned.changed',
      atMs: this.kernel.nowMs,
      functionName: record.functionName,
      qualifier: config.qualifier,
      requested: config.requested,
      allocated: config.allocated,
      status: config.status,
    })
  }
}

/** A function's capacity as admission reads it, with the change count it was refreshed at. */
interface CachedCapacity {
  readonly functionName: string
  reserved: number | undefined
  provisionedAllocated: number
  generation: number
}

function toOutput(config: ProvisionedConcurrencyConfig): ProvisionedConcurrencyConfigOutput {
  return {
    requestedProvisionedConcurrentExecutions: config.requested,
    availableProvisionedConcurrentExecutions: config.allocated,
    allocatedProvisionedConcurrentExecutions: config.allocated,
    status: config.status,
    ...(config.statusReason !== undefined ? { statusReason: config.statusReason } : {}),
    lastModified: lambdaTimestamp(config.lastModifiedMs),
  }
}
