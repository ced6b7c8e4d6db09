/**
 * fast-check arbitraries for simulation inputs, built to shrink toward the smallest story that
 * still fails: fewer faults, earlier invocations and first attempts, the first fault kind listed;
 * fewer arrivals, earlier; fewer decisions, values toward 0; seeds toward 0; fewer queue messages,
 * earlier, with short bodies in the first group; batch faults on earlier batches, first records;
 * fewer stream writes, earlier, with short data, the first key and plain puts.
 */
import * as fc from 'fast-check'
import type { Decision } from '../kernel/decisions.js'
import { BATCH_FAULT_KINDS, INVOCATION_FAULT_KINDS, type BatchFaultKind, type BatchFaultSpec, type InvocationFaultKind, type InvocationFaultSpec } from '../lambda/invoke/fault-plan.js'

export interface FaultPlanArbitraryOptions {
  /** The function(s) the faults name; omitted: faults count every function's invocations together. */
  readonly functionName?: string | readonly string[]
  /** The kinds to draw, in shrink order: a failing plan shrinks toward the first (default: all five, `duplicate` first). */
  readonly kinds?: readonly InvocationFaultKind[]
  /** At most this many faults (default 3). */
  readonly maxFaults?: number
  /** Faults name invocations 1 … maxInvocation (default 5). */
  readonly maxInvocation?: number
  /** Faults name attempts 1 … maxAttempt of an invocation (default 3: the first try and Lambda's two retries). */
  readonly maxAttempt?: number
}

/** The default shrink order: the plainest stories first (a second delivery, then a failure the handler survived). */
export const DEFAULT_FAULT_KINDS: readonly InvocationFaultKind[] = ['duplicate', 'error', 'crash', 'timeout', 'throttle']

/**
 * Fault plans for the `faults` option (a list of `{ functionName?, invocation, attempt?, fault }`).
 *
 * @example
 * faultPlanArbitrary({ functionName: 'orders', maxInvocation: 4 })
 * // e.g. [{ functionName: 'orders', invocation: 2, fault: 'duplicate' }, { functionName: 'orders', invocation: 1, attempt: 2, fault: 'timeout' }]
 */
export function faultPlanArbitrary(options: FaultPlanArbitraryOptions = {}): fc.Arbitrary<InvocationFaultSpec[]> {
  const kinds = options.kinds ?? DEFAULT_FAULT_KINDS
  if (kinds.length === 0 || kinds.some((kind) => !INVOCATION_FAULT_KINDS.includes(kind))) {
    throw new RangeError(`faultPlanArbitrary: kinds must be some of ${INVOCATION_FAULT_KINDS.join(', ')}; got [${kinds.join(', ')}]`)
  }
  const names = options.functionName === undefined ? [undefined] : typeof options.functionName === 'string' ? [options.functionName] : [...options.functionName]
  if (names.length === 0) throw new RangeError('faultPlanArbitrary: functionName must name at least one function')
  const entry = fc
    .record({
      functionName: fc.constantFrom(...names),
      invocation: fc.integer({ min: 1, max: positive(options.maxInvocation ?? 5, 'maxInvocation') }),
      attempt: fc.integer({ min: 1, max: positive(options.maxAttempt ?? 3, 'maxAttempt') }),
      fault: fc.constantFrom(...kinds),
    })
    .map(({ functionName, invocation, attempt, fault }): InvocationFaultSpec => ({
      ...(functionName !== undefined ? { functionName } : {}),
      invocation,
      // Left out when it is the default (and for duplicates, which are decided before any attempt): shorter replay lines.
      ...(attempt > 1 && fault !== 'duplicate' ? { attempt } : {}),
      fault,
    }))
  return fc.array(entry, { maxLength: nonNegative(options.maxFaults ?? 3, 'maxFaults') })
}

export interface BatchFaultPlanArbitraryOptions {
  /** The mapping the faults name (its UUID); omitted: the batches of every mapping, counted together. */
  readonly eventSourceMapping?: string
  /** The kinds to draw, in shrink order (default `fail-records`, `error`, `timeout`, `throttle`). */
  readonly kinds?: readonly BatchFaultKind[]
  /** At most this many faults (default 3). */
  readonly maxFaults?: number
  /** Faults name batches 1 … maxBatch (default 5). */
  readonly maxBatch?: number
  /** `fail-records` names positions 1 … maxRecord of its batch (default 10, SQS's usual batch). */
  readonly maxRecord?: number
  /** `fail-records` names at most this many records (default 2). */
  readonly maxRecordsPerFault?: number
}

/** The default shrink order of batch faults: a partial failure first, then whole-batch failures. */
export const DEFAULT_BATCH_FAULT_KINDS: readonly BatchFaultKind[] = ['fail-records', 'error', 'timeout', 'throttle']

/**
 * Batch fault plans for the `faults` option: entries `{ eventSourceMapping?, batch, fault, records? }`
 * that name an event source mapping's batches (mix them with `faultPlanArbitrary`'s entries with
 * `fc.tuple(…).map(([a, b]) => [...a, ...b])` if you want both). Shrinks to fewer faults, batch 1,
 * the first kind of `kinds`, and `records: [1]`.
 *
 * @example
 * batchFaultPlanArbitrary({ maxBatch: 4 })
 * // e.g. [{ batch: 2, fault: 'fail-records', records: [1, 3] }, { batch: 3, fault: 'timeout' }]
 */
export function batchFaultPlanArbitrary(options: BatchFaultPlanArbitraryOptions = {}): fc.Arbitrary<BatchFaultSpec[]> {
  const kinds = options.kinds ?? DEFAULT_BATCH_FAULT_KINDS
  if (kinds.length === 0 || kinds.some((kind) => !BATCH_FAULT_KINDS.includes(kind))) {
    throw new RangeError(`batchFaultPlanArbitrary: kinds must be some of ${BATCH_FAULT_KINDS.join(', ')}; got [${kinds.join(', ')}]`)
  }
  const mapping = options.eventSourceMapping
  const maxRecord = positive(options.maxRecord ?? 10, 'maxRecord')
  const entry = fc
    .record({
      batch: fc.integer({ min: 1, max: positive(options.maxBatch ?? 5, 'maxBatch') }),
      fault: fc.constantFrom(...kinds),
      records: fc.uniqueArray(fc.integer({ min: 1, max: maxRecord }), { minLength: 1, maxLength: Math.min(maxRecord, positive(options.maxRecordsPerFault ?? 2, 'maxRecordsPerFault')) }),
    })
    .map(({ batch, fault, records }): BatchFaultSpec => ({
      ...(mapping !== undefined ? { eventSourceMapping: mapping } : {}),
      batch,
      fault,
      ...(fault === 'fail-records' ? { records: [...records].sort((a, b) => a - b) } : {}),
    }))
  return fc.array(entry, { maxLength: nonNegative(options.maxFaults ?? 3, 'maxFaults') })
}

/** One message of a queue workload. */
export interface QueueMessage {
  /** When it is sent: virtual ms after the start (the workload is in order). */
  readonly atMs: number
  readonly body: string
  /** FIFO workloads: the message group (`g1`, `g2`, …). */
  readonly groupId?: string
}

export interface QueueWorkloadArbitraryOptions {
  /** At least this many messages (default 1). */
  readonly minMessages?: number
  /** At most this many messages (default 5). */
  readonly maxMessages?: number
  /** The latest send, in virtual ms from the start (default 10,000). */
  readonly maxOffsetMs?: number
  /** For a FIFO queue: messages go to groups `g1` … `g<groups>` (shrinking toward `g1`). Omitted: no groups. */
  readonly groups?: number
  /** The bodies (default: 1–16 printable ASCII characters, shrinking toward short ones). */
  readonly body?: fc.Arbitrary<string>
}

/**
 * Queue workloads: messages with bodies, send times and (for FIFO queues) message groups, in send
 * order. Each message is drawn on its own (then sorted by time, stably), so shrinking drops
 * messages without moving the others and pulls each toward time 0, a short body and group `g1`.
 * `sendQueueWorkload` plays one.
 */
export function queueWorkloadArbitrary(options: QueueWorkloadArbitraryOptions = {}): fc.Arbitrary<QueueMessage[]> {
  const minLength = nonNegative(options.minMessages ?? 1, 'minMessages')
  const maxLength = nonNegative(options.maxMessages ?? 5, 'maxMessages')
  if (maxLength < minLength) throw new RangeError(`queueWorkloadArbitrary: maxMessages (${maxLength}) < minMessages (${minLength})`)
  const groups = options.groups === undefined ? undefined : positive(options.groups, 'groups')
  const message = fc.record({
    atMs: fc.integer({ min: 0, max: nonNegative(options.maxOffsetMs ?? 10_000, 'maxOffsetMs') }),
    body: options.body ?? fc.string({ minLength: 1, maxLength: 16 }),
    group: fc.integer({ min: 1, max: groups ?? 1 }),
  })
  // As for arrivals: minLength stays 0 underneath, so the shrinker can drop any message.
  return fc
    .array(message, { maxLength })
    .filter((messages) => messages.length >= minLength)
    .map((messages) =>
      messages
        .map(({ atMs, body, group }): QueueMessage => (groups === undefined ? { atMs, body } : { atMs, body, groupId: `g${group}` }))
        .sort((a, b) => a.atMs - b.atMs),
    )
}

/** A DynamoDB item write of a stream workload: shrinks toward `put`. */
export const STREAM_WRITE_OPERATIONS = ['put', 'update', 'delete'] as const
export type StreamWriteOperation = (typeof STREAM_WRITE_OPERATIONS)[number]

/** One write of a stream workload: a Kinesis record, or a DynamoDB item write (its table's stream record). */
export interface StreamWrite {
  /** When it is written: virtual ms after the start (the workload is in order). */
  readonly atMs: number
  /** Kinesis: the partition key; DynamoDB: the item's key value (`k1`, `k2`, …). */
  readonly partitionKey: string
  /** Kinesis: the record's data (UTF-8); DynamoDB: the item's `data` attribute. */
  readonly data: string
  /**
   * DynamoDB workloads only: `put` (an `INSERT`, or a `MODIFY` of an item that exists), `update`
   * (`AttributeUpdates` PUT of `data`: `MODIFY`, or `INSERT`) or `delete` (`REMOVE`). A write that
   * changes nothing (a delete of an absent item, a put of the same item) makes no stream record.
   */
  readonly operation?: StreamWriteOperation
}

export interface StreamWorkloadArbitraryOptions {
  /** `kinesis` (default): records; `dynamodb`: item writes, with an `operation`. */
  readonly source?: 'kinesis' | 'dynamodb'
  /** At least this many writes (default 1). */
  readonly minRecords?: number
  /** At most this many writes (default 8). */
  readonly maxRecords?: number
  /** The latest write, in virtual ms from the start (default 10,000). */
  readonly maxOffsetMs?: number
  /** Partition keys `k1` … `k<keys>` (default 3; shrinking toward `k1`). */
  readonly keys?: number
  /** The data (default: 1–16 printable ASCII characters, shrinking toward short ones). */
  readonly data?: fc.Arbitrary<string>
  /** DynamoDB: the operations to draw, in shrink order (default `put`, `update`, `delete`). */
  readonly operations?: readonly StreamWriteOperation[]
}

/**
 * Stream workloads: Kinesis records (partition key, data, put time) or DynamoDB item writes (key,
 * `data`, operation, write time), in time order. Each write is drawn on its own (then sorted by
 * time, stably), so shrinking drops writes without moving the others and pulls each toward time 0,
 * key `k1`, short data and a `put`. `sendStreamWorkload` plays one.
 *
 * @example
 * streamWorkloadArbitrary({ maxRecords: 4, keys: 2 })
 * // e.g. [{ atMs: 0, partitionKey: 'k1', data: 'a' }, { atMs: 120, partitionKey: 'k2', data: 'x!' }]
 */
export function streamWorkloadArbitrary(options: StreamWorkloadArbitraryOptions = {}): fc.Arbitrary<StreamWrite[]> {
  const minLength = nonNegative(options.minRecords ?? 1, 'minRecords')
  const maxLength = nonNegative(options.maxRecords ?? 8, 'maxRecords')
  if (maxLength < minLength) throw new RangeError(`streamWorkloadArbitrary: maxRecords (${maxLength}) < minRecords (${minLength})`)
  const dynamodb = (options.source ?? 'kinesis') === 'dynamodb'
  if (options.source !== undefined && options.source !== 'kinesis' && options.source !== 'dynamodb') {
    throw new RangeError(`streamWorkloadArbitrary: source must be 'kinesis' or 'dynamodb'; got '${String(options.source)}'`)
  }
  const operations = options.operations ?? STREAM_WRITE_OPERATIONS
  if (operations.length === 0 || operations.some((op) => !STREAM_WRITE_OPERATIONS.includes(op))) {
    throw new RangeError(`streamWorkloadArbitrary: operations must be some of ${STREAM_WRITE_OPERATIONS.join(', ')}; got [${operations.join(', ')}]`)
  }
  const write = fc.record({
    atMs: fc.integer({ min: 0, max: nonNegative(options.maxOffsetMs ?? 10_000, 'maxOffsetMs') }),
    key: fc.integer({ min: 1, max: positive(options.keys ?? 3, 'keys') }),
    data: options.data ?? fc.string({ minLength: 1, maxLength: 16 }),
    operation: fc.constantFrom(...operations),
  })
  // As for arrivals: minLength stays 0 underneath, so the shrinker can drop any write.
  return fc
    .array(write, { maxLength })
    .filter((writes) => writes.length >= minLength)
    .map((writes) =>
      writes
        .map(({ atMs, key, data, operation }): StreamWrite => (dynamodb ? { atMs, partitionKey: `k${key}`, data, operation } : { atMs, partitionKey: `k${key}`, data }))
        .sort((a, b) => a.atMs - b.atMs),
    )
}

export interface ArrivalScheduleArbitraryOptions {
  /** At least this many arrivals (default 1). */
  readonly minArrivals?: number
  /** At most this many arrivals (default 5). */
  readonly maxArrivals?: number
  /** The latest arrival, in virtual ms from the start (default 10,000). */
  readonly maxOffsetMs?: number
}

/**
 * Arrival times on the virtual clock: offsets in ms from the start, in order. Each arrival's
 * offset is drawn on its own (then sorted), so shrinking drops arrivals without moving the others
 * and pulls each one toward 0: a shrunk schedule has fewer arrivals, earlier (all at 0 in the end).
 */
export function arrivalScheduleArbitrary(options: ArrivalScheduleArbitraryOptions = {}): fc.Arbitrary<number[]> {
  const minLength = nonNegative(options.minArrivals ?? 1, 'minArrivals')
  const maxLength = nonNegative(options.maxArrivals ?? 5, 'maxArrivals')
  if (maxLength < minLength) throw new RangeError(`arrivalScheduleArbitrary: maxArrivals (${maxLength}) < minArrivals (${minLength})`)
  const offset = fc.integer({ min: 0, max: nonNegative(options.maxOffsetMs ?? 10_000, 'maxOffsetMs') })
  // minLength stays 0 underneath and a filter enforces the minimum: fast-check's array shrinker
  // cannot drop an element from a tail that is already at minLength, which would leave an early
  // arrival stuck in front of the one that matters.
  return fc
    .array(offset, { maxLength })
    .filter((offsets) => offsets.length >= minLength)
    .map((offsets) => [...offsets].sort((a, b) => a - b))
}

export interface DecisionListArbitraryOptions {
  /** At most this many decisions (default 10). */
  readonly maxLength?: number
  /** Values are multiples of 1 / resolution in [0, 1) (default 1,000: 0.001 steps, readable in a replay line). */
  readonly resolution?: number
}

/**
 * Recorded decision lists (`{ kind, value }`) for the `decisions` option: each kind's values are
 * replayed in order before its seeded stream takes over. Values shrink toward 0, lists toward
 * empty (the seed decides everything).
 *
 * @example
 * decisionListArbitrary(['cold-start.init', 'invoke.compute'])
 */
export function decisionListArbitrary(kinds: readonly string[], options: DecisionListArbitraryOptions = {}): fc.Arbitrary<Decision[]> {
  if (kinds.length === 0) throw new RangeError('decisionListArbitrary: name at least one decision kind')
  const resolution = positive(options.resolution ?? 1000, 'resolution')
  const decision = fc.record({
    kind: fc.constantFrom(...kinds),
    value: fc.integer({ min: 0, max: resolution - 1 }).map((step) => step / resolution),
  })
  return fc.array(decision, { maxLength: nonNegative(options.maxLength ?? 10, 'maxLength') })
}

/** Simulation seeds: non-negative 32-bit integers, shrinking toward 0. */
export const seedArbitrary: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0x7fff_ffff })

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`)
  return value
}

function nonNegative(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer ≥ 0, got ${value}`)
  return value
}
