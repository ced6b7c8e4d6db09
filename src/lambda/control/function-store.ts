/**
 * Where functions live, and how any identifier AWS accepts (name, partial ARN, ARN, `name:qualifier`,
 * plus a `Qualifier` parameter) resolves to a function, a version or an alias — with AWS's
 * not-found errors for each form. Every control-plane service and the invoke path share it.
 */
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import { routeAlias, type Alias } from '../../model/alias.js'
import { functionArn, parseFunctionIdentifier, type AccountScope } from '../../model/arn.js'
import type { FunctionRecord, FunctionVersion } from '../../model/function-record.js'
import { functionNotReady } from './function-state-errors.js'
import { freshArray } from '../../kernel/fresh-array.js'

export interface FunctionRef {
  readonly functionName: string
  readonly qualifier: string | undefined
}

/** What a qualifier names: `$LATEST` (or none), a published version, or an alias. */
export type ResolvedQualifier =
  | { readonly kind: 'latest'; readonly record: FunctionRecord; readonly version: FunctionVersion }
  | { readonly kind: 'version'; readonly record: FunctionRecord; readonly version: FunctionVersion }
  | { readonly kind: 'alias'; readonly record: FunctionRecord; readonly alias: Alias }

const VERSION_NUMBER = /^\d+$/

/** The version a qualifier names: its own, or an alias's primary version (undefined if that is gone). */
export function primaryVersion(resolved: ResolvedQualifier): FunctionVersion | undefined {
  if (resolved.kind !== 'alias') return resolved.version
  const named = resolved.alias.functionVersion
  return named === '$LATEST' ? resolved.record.latest : resolved.record.versions.get(named)
}

export class FunctionStore {
  readonly records = new Map<string, FunctionRecord>()
  private generationCounter = 0

  constructor(readonly scope: AccountScope) {}

  /** Called when a version or alias is deleted, so per-qualifier settings go with it. */
  private readonly removalListeners: ((record: FunctionRecord, qualifier: string) => void)[] = freshArray()

  onQualifierRemoved(listener: (record: FunctionRecord, qualifier: string) => void): void {
    this.removalListeners.push(listener)
  }

  /** A version or alias is gone: its policy, async config and provisioned concurrency go too. */
  qualifierRemoved(record: FunctionRecord, qualifier: string): void {
    record.policies.delete(qualifier)
    record.eventInvokeConfigs.delete(qualifier)
    for (const listener of this.removalListeners) listener(record, qualifier)
  }

  /** Called when a whole function is deleted (its record already gone from `records`). */
  private readonly functionListeners: ((record: FunctionRecord) => void)[] = freshArray()

  /** E.g. the concurrency configuration, whose cached sums a deleted reservation changes. */
  onFunctionRemoved(listener: (record: FunctionRecord) => void): void {
    this.functionListeners.push(listener)
  }

  functionRemoved(record: FunctionRecord): void {
    for (const listener of this.functionListeners) listener(record)
  }

  /** A fresh identity for a code + configuration snapshot. */
  nextGeneration(): number {
    return ++this.generationCounter
  }

  arn(functionName: string, qualifier?: string): string {
    return functionArn(this.scope, functionName, qualifier)
  }

  /** Name and qualifier from `functionName` (any form) and an explicit `qualifier`. */
  refOf(identifier: string, qualifier?: string): FunctionRef {
    const ref = parseFunctionIdentifier(identifier)
    if (ref === undefined) throw awsErrors.functionNotFound(identifier)
    // An ARN of another Region or account names a function this simulation does not have.
    const arn = /^(?:arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):)?(\d{12}):function:/.exec(identifier)
    // [S] AWS's text for an ARN of another Region (LocalStack's recordings of AWS).
    if (arn?.[1] !== undefined && arn[1] !== this.scope.region) {
      throw new LambdaError('ResourceNotFoundException', `Functions from '${arn[1]}' are not reachable in this region ('${this.scope.region}')`)
    }
    if (arn !== null && arn[2] !== this.scope.accountId) throw awsErrors.functionNotFound(identifier)
    if (ref.qualifier !== undefined && qualifier !== undefined && ref.qualifier !== qualifier) {
      throw awsErrors.invalidParameter('The derived qualifier from the function name does not match the specified qualifier.')
    }
    return { functionName: ref.functionName, qualifier: ref.qualifier ?? qualifier }
  }

  /** The function, or `Function not found: <ARN as asked>`. */
  recordOf(ref: FunctionRef): FunctionRecord {
    const record = this.records.get(ref.functionName)
    if (record === undefined) throw awsErrors.functionNotFound(this.arn(ref.functionName, ref.qualifier))
    return record
  }

  /**
   * What the qualifier names, or AWS's not-found error with the qualified ARN. A missing alias reads
   * `Function not found: …` on Get/Invoke, and `Cannot find alias arn: …` on the permission and
   * provisioned-concurrency operations (`aliasNotFound: 'alias-arn'`).
   */
  resolve(ref: FunctionRef, aliasNotFound: 'function' | 'alias-arn' = 'function'): ResolvedQualifier {
    const record = this.recordOf(ref)
    const qualifier = ref.qualifier
    if (qualifier === undefined || qualifier === '$LATEST') return { kind: 'latest', record, version: record.latest }
    if (VERSION_NUMBER.test(qualifier)) {
      const version = record.versions.get(qualifier)
      if (version === undefined) throw awsErrors.functionNotFound(this.arn(ref.functionName, qualifier))
      return { kind: 'version', record, version }
    }
    const alias = record.aliases.get(qualifier)
    if (alias === undefined) {
      const arn = this.arn(ref.functionName, qualifier)
      throw aliasNotFound === 'function' ? awsErrors.functionNotFound(arn) : new LambdaError('ResourceNotFoundException', `Cannot find alias arn: ${arn}`)
    }
    return { kind: 'alias', record, alias }
  }

  /**
   * What an Invoke names, or AWS's errors: not found, or `ResourceConflictException` while the
   * version it would run is still `Pending` (the state machine, `function-states.ts`).
   */
  resolveInvocable(ref: FunctionRef): ResolvedQualifier {
    const resolved = this.resolve(ref)
    const state = this.versionFor(resolved).configuration.state
    if (state !== 'Active') throw functionNotReady(state)
    return resolved
  }

  /** A published version or `$LATEST` by its name, or AWS's not-found error. */
  versionOf(record: FunctionRecord, version: string): FunctionVersion {
    if (version === '$LATEST') return record.latest
    const found = record.versions.get(version)
    if (found === undefined) throw awsErrors.functionNotFound(this.arn(record.functionName, version))
    return found
  }

  /**
   * The version an invocation runs. For a weighted alias, `draw` supplies the routing decision
   * (called only when the alias splits traffic).
   */
  runnable(resolved: ResolvedQualifier, draw: () => number): FunctionVersion {
    const record = resolved.record
    // While an update of $LATEST is InProgress, invocations run the snapshot from before it.
    if (resolved.kind === 'latest') return record.serving ?? resolved.version
    if (resolved.kind === 'version') return resolved.version
    const alias = resolved.alias
    const chosen = alias.additionalVersionWeights === undefined ? alias.functionVersion : routeAlias(alias, draw())
    return chosen === '$LATEST' ? (record.serving ?? record.latest) : this.versionOf(record, chosen)
  }

  /** The configuration a qualifier shows in GetFunction (an alias shows its primary version's). */
  versionFor(resolved: ResolvedQualifier): FunctionVersion {
    return resolved.kind === 'alias' ? this.versionOf(resolved.record, resolved.alias.functionVersion) : resolved.version
  }
}
