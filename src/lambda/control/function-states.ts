/**
 * The function and update state machines on the virtual clock. With them on (the simulation option
 * `functionStates`), `CreateFunction` answers `State: Pending` and the function turns `Active`
 * `creationMs` later; `UpdateFunctionCode` / `UpdateFunctionConfiguration` answer
 * `LastUpdateStatus: InProgress`, which turns `Successful` `updateMs` later. Meanwhile AWS refuses
 * invocations of a `Pending` function and further updates (and `PublishVersion`) with a
 * `ResourceConflictException`. By default they apply to functions created through the SDK; a
 * function made with `sim.createFunction`, or any with the option `false`, changes at once — see
 * docs/deviations.md.
 */
import type { LambdaError } from '../../errors/lambda-error.js'
import { functionNotReady, updateInProgress } from './function-state-errors.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { FunctionConfiguration, FunctionRecord, FunctionVersion } from '../../model/function-record.js'
import type { FunctionStore } from './function-store.js'
import type { EnvironmentManager } from '../environments/environments.js'

/** How long the transitions take; `undefined`: the state machine is off (changes are instant). */
export interface FunctionStateDelays {
  readonly creationMs: number
  readonly updateMs: number
  /**
   * Which functions go through the states: `all`, or only those created through the SDK
   * (`LambdaClient`), so that fixtures made with `sim.createFunction` stay instant.
   */
  readonly scope: 'all' | 'sdk'
}

/** Both defaults: [SIM] AWS does not document them; a function without a VPC settles in about a second. */
export const DEFAULT_FUNCTION_STATE_DELAYS: FunctionStateDelays = { creationMs: 1_000, updateMs: 1_000, scope: 'all' }

/** Where a CreateFunction came from: the facade (`sim.createFunction`) or the SDK bridge. */
export type CreateOrigin = 'facade' | 'sdk'

/** [S] the reason AWS shows while a function is Pending after CreateFunction. */
const CREATING_REASON = 'The function is being created.'
/** [U] AWS shows the same reason and code for an update in progress (seen in CLI output; not documented). */
const UPDATING_REASON = 'The function is being created.'

/** The state members of a configuration. */
type StateMembers = Pick<
  FunctionConfiguration,
  'state' | 'stateReason' | 'stateReasonCode' | 'lastUpdateStatus' | 'lastUpdateStatusReason' | 'lastUpdateStatusReasonCode'
>

const SETTLED: StateMembers = { state: 'Active', lastUpdateStatus: 'Successful' }

/** A configuration without its state members (so absent ones stay absent, not `undefined`). */
function withoutState(configuration: FunctionConfiguration): Omit<FunctionConfiguration, keyof StateMembers> {
  const {
    state: _state,
    stateReason: _stateReason,
    stateReasonCode: _stateReasonCode,
    lastUpdateStatus: _lastUpdateStatus,
    lastUpdateStatusReason: _lastUpdateStatusReason,
    lastUpdateStatusReasonCode: _lastUpdateStatusReasonCode,
    ...rest
  } = configuration
  return rest
}

export class FunctionStates {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    readonly delays: FunctionStateDelays | undefined,
    /** When an update applies, `$LATEST`'s environments (running the old snapshot) retire. */
    private readonly environments?: Pick<EnvironmentManager, 'retireAll'>,
  ) {}

  /** Does the state machine apply to a function created from `origin`? (Remembered on its record.) */
  applies(origin: CreateOrigin): boolean {
    return this.delays !== undefined && (this.delays.scope === 'all' || origin === 'sdk')
  }

  /** The state members of a configuration CreateFunction answers with. */
  creating(origin: CreateOrigin): StateMembers {
    if (this.delays === undefined || this.delays.creationMs <= 0 || !this.applies(origin)) return SETTLED
    return { state: 'Pending', stateReason: CREATING_REASON, stateReasonCode: 'Creating' }
  }

  /** The state members of a configuration an update of `record` answers with. */
  updating(record: FunctionRecord): StateMembers {
    if (this.delays === undefined || this.delays.updateMs <= 0 || record.timedStates !== true) return SETTLED
    return { state: 'Active', lastUpdateStatus: 'InProgress', lastUpdateStatusReason: UPDATING_REASON, lastUpdateStatusReasonCode: 'Creating' }
  }

  /** After CreateFunction / an update stored its configuration: schedules the transition, if any. */
  changed(record: FunctionRecord, change: 'create' | 'update'): void {
    if (this.delays === undefined || record.timedStates !== true) return
    const delayMs = change === 'create' ? this.delays.creationMs : this.delays.updateMs
    if (delayMs <= 0) return
    this.kernel.schedule(this.kernel.nowMs + delayMs, () => this.settle(record), undefined)
  }

  /**
   * Refuses an update or PublishVersion while the function is Pending or an update is in progress,
   * with AWS's messages.
   */
  checkUpdatable(record: FunctionRecord): void {
    const configuration = record.latest.configuration
    if (configuration.state !== 'Active') throw functionNotReady(configuration.state)
    if (configuration.lastUpdateStatus === 'InProgress') throw updateInProgress(record.functionArn)
  }

  /** Refuses an invocation of a version that is not Active yet. */
  invocationRefusal(version: FunctionVersion): LambdaError | undefined {
    const state = version.configuration.state
    return state === 'Active' ? undefined : functionNotReady(state)
  }

  /**
   * The transition completes: `$LATEST` (and any version published from it meanwhile) becomes
   * `Active` / `Successful`, with a new RevisionId [U] (AWS's revision changes when the function's
   * state does; the simulation gives it a new one too). Environments are not retired: the code and
   * configuration did not change.
   */
  private settle(record: FunctionRecord): void {
    // The function was deleted (and maybe created again) while the transition ran.
    if (this.store.records.get(record.functionName) !== record) return
    const settled = (version: FunctionVersion): FunctionVersion => {
      const configuration = version.configuration
      if (configuration.state === 'Active' && configuration.lastUpdateStatus === 'Successful') return version
      return { ...version, configuration: { ...withoutState(configuration), ...SETTLED, revisionId: this.ids.uuid() } }
    }
    record.latest = settled(record.latest)
    for (const [number, version] of record.versions) record.versions.set(number, settled(version))
    if (record.serving !== undefined) {
      // The update has applied: new invocations run the new snapshot in new environments.
      record.serving = undefined
      this.environments?.retireAll(record.functionName, 'function-updated', '$LATEST')
    }
  }
}
