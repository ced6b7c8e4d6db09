/**
 * The run as the HTML report draws it: every execution environment's life (created, init phases,
 * resets, reclaim), every completed invocation, throttles, asynchronous retries, and the changes of
 * limits and aliases — kept compactly enough for a million invocations.
 *
 * Invocations are rows of columns (typed arrays grown by doubling), not event objects: a row is
 * about 60 bytes. The engine tells the recorder of each invocation directly (it is an
 * `InvocationObserver`, like the log and metric stores), so no event object is built for it; the
 * rarer events (environments, throttles, retries, limits) come over the bus. A row is written when
 * the invocation completes; invocations still running are only counted (`inFlight`).
 */
import { uuidFromPacked } from '../kernel/request-id.js'
import type { EventBus } from './bus.js'
import type { AliasChangedEvent, EnvironmentReclaimReason, InvocationStatus, ProvisionedChangedEvent, ReservedConcurrencyEvent } from './events.js'
import type { InvocationFacts } from './invocation-facts.js'
import type { BilledInvocation } from './cost.js'
import { grown } from './grown-column.js'

/** The status codes of a row's flags (bits 0–1). */
export const STATUS_CODES: readonly InvocationStatus[] = ['success', 'error', 'timeout', 'crash']
export const FLAG_COLD_START = 1 << 2
export const FLAG_PROVISIONED = 1 << 3
export const FLAG_SPILLOVER = 1 << 4
export const STATUS_MASK = 0b11

export interface InitPhaseRecord {
  readonly startedAtMs: number
  /** `undefined` while it runs. */
  endedAtMs: number | undefined
  status: 'success' | 'error' | 'timeout' | undefined
  phase: 'init' | 'invoke' | undefined
}

export interface EnvironmentRecord {
  readonly environmentId: string
  readonly functionName: string
  readonly version: string
  readonly createdAtMs: number
  readonly logStreamName: string
  readonly initializationType: 'on-demand' | 'provisioned-concurrency'
  readonly provisionedFor: string | undefined
  readonly initPhases: InitPhaseRecord[]
  readonly resets: { readonly atMs: number; readonly reason: 'timeout' | 'crash' }[]
  reclaimedAtMs: number | undefined
  reclaimReason: EnvironmentReclaimReason | undefined
}

/**
 * Marks in time (throttles, retries) as columns grown by doubling: a throttle-heavy run can have as
 * many of them as invocations. `fn` indexes `RunRecorder.functionNames`, `code` a list of names
 * (qualifiers for throttles), `kind` a small code (the throttle's reason, the retry's cause),
 * `dueAtMs` the retry's time (unused for throttles).
 */
export class MarkColumns {
  count = 0
  atMs = new Float64Array(256)
  fn = new Uint16Array(256)
  code = new Uint16Array(256)
  kind = new Uint8Array(256)
  dueAtMs = new Float64Array(256)

  push(atMs: number, fn: number, code: number, kind: number, dueAtMs: number): void {
    const at = this.count
    if (at === this.atMs.length) {
      const n = at * 2
      this.atMs = grown(this.atMs, new Float64Array(n))
      this.fn = grown(this.fn, new Uint16Array(n))
      this.code = grown(this.code, new Uint16Array(n))
      this.kind = grown(this.kind, new Uint8Array(n))
      this.dueAtMs = grown(this.dueAtMs, new Float64Array(n))
    }
    this.atMs[at] = atMs
    this.fn[at] = fn
    this.code[at] = code
    this.kind[at] = kind
    this.dueAtMs[at] = dueAtMs
    this.count = at + 1
  }
}

/** Counts of the asynchronous queue per function. */
export interface AsyncCounts {
  accepted: number
  attempts: number
  retries: number
  succeeded: number
  failed: number
}

const INITIAL_ROWS = 1024

export class RunRecorder {
  /** Environments in order of creation; a row's `environmentIndex` points here. */
  readonly environments: EnvironmentRecord[] = []
  private readonly environmentIndexById = new Map<string, number>()
  /** The qualifiers invocations were invoked through; index 0 is the unqualified function. */
  readonly qualifiers: (string | undefined)[] = [undefined]
  private readonly qualifierIndex = new Map<string | undefined, number>([[undefined, 0]])
  /** Error types of failed rows; index 0 is none. */
  readonly errorTypes: (string | undefined)[] = [undefined]
  private readonly errorTypeIndex = new Map<string | undefined, number>([[undefined, 0]])

  private capacity = INITIAL_ROWS
  /** Rows written (completed invocations). */
  rowCount = 0
  environmentIndex = new Int32Array(INITIAL_ROWS)
  admittedAtMs = new Float64Array(INITIAL_ROWS)
  startedAtMs = new Float64Array(INITIAL_ROWS)
  completedAtMs = new Float64Array(INITIAL_ROWS)
  billedDurationMs = new Float64Array(INITIAL_ROWS)
  memorySizeMB = new Uint16Array(INITIAL_ROWS)
  maxMemoryUsedMB = new Uint16Array(INITIAL_ROWS)
  /** Status (bits 0–1, `STATUS_CODES`), cold start, provisioned, spillover. */
  flags = new Uint8Array(INITIAL_ROWS)
  qualifier = new Uint16Array(INITIAL_ROWS)
  errorType = new Uint16Array(INITIAL_ROWS)
  /** The request id's four packed words (`RequestId.writeWords`), or its text in `requestIdTexts`. */
  private requestIdWords = new Int32Array(INITIAL_ROWS * 4)
  private readonly requestIdTexts = new Map<number, string>()

  /** Invocations started and not yet completed. */
  inFlight = 0
  /** `invocation.throttled`: `code` the invoked qualifier (`qualifiers`), `kind` the reason (`throttleReasons`). */
  readonly throttles = new MarkColumns()
  readonly throttleReasons: string[] = []
  /** `async.retryScheduled`: `kind` 0 for a function error, 1 for a throttle; `dueAtMs` when the retry runs. */
  readonly retries = new MarkColumns()
  readonly asyncCounts = new Map<string, AsyncCounts>()
  readonly aliasChanges: AliasChangedEvent[] = []
  readonly reservedChanges: ReservedConcurrencyEvent[] = []
  readonly provisionedChanges: ProvisionedChangedEvent[] = []
  /** Functions in order of first appearance. */
  readonly functionNames: string[] = []
  private readonly functionIndex = new Map<string, number>()

  /** @internal The simulation attaches it from the start (`recordTimeline`), at `startMs`. */
  constructor(
    bus: EventBus,
    readonly startMs: number,
  ) {
    bus.on('function.created', (e) => this.noteFunction(e.functionName))
    bus.on('environment.created', (e) => {
      this.noteFunction(e.functionName)
      this.environmentIndexById.set(e.environmentId, this.environments.length)
      this.environments.push({
        environmentId: e.environmentId,
        functionName: e.functionName,
        version: e.version,
        createdAtMs: e.atMs,
        logStreamName: e.logStreamName,
        initializationType: e.initializationType,
        provisionedFor: e.provisionedFor,
        initPhases: [],
        resets: [],
        reclaimedAtMs: undefined,
        reclaimReason: undefined,
      })
    })
    bus.on('environment.initStarted', (e) => {
      this.environmentNamed(e.environmentId, e.functionName, e.atMs)?.initPhases.push({ startedAtMs: e.atMs, endedAtMs: undefined, status: undefined, phase: undefined })
    })
    bus.on('environment.initialized', (e) => {
      const env = this.environmentNamed(e.environmentId, e.functionName, e.atMs)
      const phase = env?.initPhases[env.initPhases.length - 1]
      if (phase === undefined || phase.endedAtMs !== undefined) return
      phase.endedAtMs = e.atMs
      phase.status = e.status
      phase.phase = e.phase
    })
    bus.on('environment.reset', (e) => this.environmentNamed(e.environmentId, e.functionName, e.atMs)?.resets.push({ atMs: e.atMs, reason: e.reason }))
    bus.on('environment.reclaimed', (e) => {
      const env = this.environmentNamed(e.environmentId, e.functionName, e.atMs)
      if (env === undefined) return
      env.reclaimedAtMs = e.atMs
      env.reclaimReason = e.reason
    })
    bus.on('invocation.throttled', (e) => {
      let reason = this.throttleReasons.indexOf(e.reason)
      if (reason < 0) reason = this.throttleReasons.push(e.reason) - 1
      const qualifier = this.qualifierIndex.get(e.invokedQualifier) ?? this.internQualifier(e.invokedQualifier)
      this.throttles.push(e.atMs, this.noteFunction(e.functionName), qualifier, reason, e.atMs)
    })
    bus.on('async.accepted', (e) => this.asyncOf(e.functionName).accepted++)
    bus.on('async.attempt', (e) => this.asyncOf(e.functionName).attempts++)
    bus.on('async.retryScheduled', (e) => {
      this.asyncOf(e.functionName).retries++
      this.retries.push(e.atMs, this.noteFunction(e.functionName), 0, e.reason === 'throttle' ? 1 : 0, e.retryAtMs)
    })
    bus.on('async.finished', (e) => {
      const counts = this.asyncOf(e.functionName)
      if (e.status === 'succeeded') counts.succeeded++
      else counts.failed++
    })
    bus.on('alias.changed', (e) => this.aliasChanges.push(e))
    bus.on('concurrency.reserved', (e) => this.reservedChanges.push(e))
    bus.on('provisioned.changed', (e) => this.provisionedChanges.push(e))
  }

  /** @internal */
  invocationStarted(_facts: InvocationFacts): void {
    this.inFlight++
  }

  /** @internal */
  invocationCompleted(facts: InvocationFacts): void {
    this.inFlight--
    const row = this.rowCount
    if (row === this.capacity) this.grow()
    let env = this.environmentIndexById.get(facts.environmentId)
    if (env === undefined) {
      this.environmentNamed(facts.environmentId, facts.functionName, facts.admittedAtMs, facts.executedVersion)
      env = this.environmentIndexById.get(facts.environmentId) as number
    }
    this.environmentIndex[row] = env
    this.admittedAtMs[row] = facts.admittedAtMs
    this.startedAtMs[row] = facts.startedAtMs
    this.completedAtMs[row] = facts.completedAtMs
    this.billedDurationMs[row] = facts.billedDurationMs
    this.memorySizeMB[row] = facts.memorySizeMB
    this.maxMemoryUsedMB[row] = facts.maxMemoryUsedMB
    this.flags[row] =
      STATUS_CODES.indexOf(facts.status) |
      (facts.coldStart ? FLAG_COLD_START : 0) |
      (facts.provisioned ? FLAG_PROVISIONED : 0) |
      (facts.spillover ? FLAG_SPILLOVER : 0)
    this.qualifier[row] = this.qualifierIndex.get(facts.invokedQualifier) ?? this.internQualifier(facts.invokedQualifier)
    this.errorType[row] = facts.errorType === undefined ? 0 : (this.errorTypeIndex.get(facts.errorType) ?? this.internErrorType(facts.errorType))
    if (!facts.requestIdValue.writeWords(this.requestIdWords, row * 4)) this.requestIdTexts.set(row, facts.requestId)
    this.rowCount = row + 1
  }

  /** The request id of a row. */
  requestIdAt(row: number): string {
    const text = this.requestIdTexts.get(row)
    if (text !== undefined) return text
    const w = this.requestIdWords
    return uuidFromPacked(w[row * 4] as number, w[row * 4 + 1] as number, w[row * 4 + 2] as number, w[row * 4 + 3] as number)
  }

  statusAt(row: number): InvocationStatus {
    return STATUS_CODES[(this.flags[row] as number) & STATUS_MASK] as InvocationStatus
  }

  /**
   * The rows as the cost calculator reads them, oldest completion first. One object is reused for
   * every row: read it before the next step.
   */
  *billedInvocations(): Generator<BilledInvocation> {
    const view = { atMs: 0, functionName: '', version: '', invokedQualifier: undefined as string | undefined, provisioned: false, billedDurationMs: 0, memorySizeMB: 0 }
    for (let row = 0; row < this.rowCount; row++) {
      const env = this.environments[this.environmentIndex[row] as number] as EnvironmentRecord
      view.atMs = this.completedAtMs[row] as number
      view.functionName = env.functionName
      view.version = env.version
      view.invokedQualifier = this.qualifiers[this.qualifier[row] as number]
      view.provisioned = ((this.flags[row] as number) & FLAG_PROVISIONED) !== 0
      view.billedDurationMs = this.billedDurationMs[row] as number
      view.memorySizeMB = this.memorySizeMB[row] as number
      yield view
    }
  }

  /** The function's index in `functionNames` (added on first sight). */
  private noteFunction(functionName: string): number {
    let index = this.functionIndex.get(functionName)
    if (index === undefined) {
      index = this.functionNames.push(functionName) - 1
      this.functionIndex.set(functionName, index)
    }
    return index
  }

  private asyncOf(functionName: string): AsyncCounts {
    let counts = this.asyncCounts.get(functionName)
    if (counts === undefined) {
      counts = { accepted: 0, attempts: 0, retries: 0, succeeded: 0, failed: 0 }
      this.asyncCounts.set(functionName, counts)
    }
    return counts
  }

  /** The environment of an id; one never announced (it cannot be, but a lane is better than a lost row) is added. */
  private environmentNamed(environmentId: string, functionName: string, atMs: number, version = '$LATEST'): EnvironmentRecord | undefined {
    const index = this.environmentIndexById.get(environmentId)
    if (index !== undefined) return this.environments[index]
    this.noteFunction(functionName)
    const env: EnvironmentRecord = {
      environmentId,
      functionName,
      version,
      createdAtMs: atMs,
      logStreamName: '',
      initializationType: 'on-demand',
      provisionedFor: undefined,
      initPhases: [],
      resets: [],
      reclaimedAtMs: undefined,
      reclaimReason: undefined,
    }
    this.environmentIndexById.set(environmentId, this.environments.length)
    this.environments.push(env)
    return env
  }

  private internQualifier(qualifier: string | undefined): number {
    const index = this.qualifiers.length
    this.qualifiers.push(qualifier)
    this.qualifierIndex.set(qualifier, index)
    return index
  }

  private internErrorType(errorType: string): number {
    const index = this.errorTypes.length
    this.errorTypes.push(errorType)
    this.errorTypeIndex.set(errorType, index)
    return index
  }

  private grow(): void {
    this.capacity *= 2
    const n = this.capacity
    this.environmentIndex = grown(this.environmentIndex, new Int32Array(n))
    this.admittedAtMs = grown(this.admittedAtMs, new Float64Array(n))
    this.startedAtMs = grown(this.startedAtMs, new Float64Array(n))
    this.completedAtMs = grown(this.completedAtMs, new Float64Array(n))
    this.billedDurationMs = grown(this.billedDurationMs, new Float64Array(n))
    this.memorySizeMB = grown(this.memorySizeMB, new Uint16Array(n))
    this.maxMemoryUsedMB = grown(this.maxMemoryUsedMB, new Uint16Array(n))
    this.flags = grown(this.flags, new Uint8Array(n))
    this.qualifier = grown(this.qualifier, new Uint16Array(n))
    this.errorType = grown(this.errorType, new Uint16Array(n))
    this.requestIdWords = grown(this.requestIdWords, new Int32Array(n * 4))
  }
}
