/**
 * An in-memory Amazon EventBridge: event buses (the `default` bus always exists), rules with event
 * patterns, targets, and `PutEvents` routing on the virtual clock.
 *
 * - A Lambda target is invoked asynchronously with the event (or the target's `input` / `inputPath`).
 * - Other targets (SQS, SNS, another bus) receive the event JSON as the message body via the
 *   `DeliveryRouter`.
 * - As a `DeliveryTarget`, a bus can be a Lambda destination: the message body becomes `detail`,
 *   `source` / `detail-type` / `resources` come from `message.eventBridge`.
 *
 * [SIM] Routing happens synchronously inside `putEvents` (no latency) and each target is tried
 * once: EventBridge's 24 h retry policy and target DLQs are not modelled; results are recorded.
 *
 * A rule with a `ScheduleExpression` (default bus only) sends its targets a Scheduled Event on the
 * virtual clock (`scheduled-rules.ts`): `source` `aws.events`, `detail-type` `Scheduled Event`,
 * `resources` the rule's ARN, `detail` `{}`, `time` the scheduled instant.
 */
import type { EventBridgeApi, EventBridgeEvent, EventBridgePutEvent, EventBridgeRule, EventBridgeTarget, EventBridgeTargetDelivery, PutEventsEntry, PutEventsResultEntry, PutRuleInput } from './api.js'
import { scheduledEventOf } from './scheduled-event.js'
import { parseRuleSchedule, RuleSchedules } from './scheduled-rules.js'
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { awsParser } from '../../config/aws-validation.js'
import { EventBridgeError, ebErrors, eventBridgeValidationError } from './errors.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryRouter, DeliveryTarget, InvokeAsync, OutboundMessage } from '../../lambda/invoke/delivery.js'
import { matchesPattern, parsePattern } from '../../model/event-pattern.js'
import { NO_LINEAGE, type Lineage } from '../../model/lineage.js'
import { NO_OUTGOING_TRACE, type OutgoingTrace } from '../../observability/tracer.js'
import { isJsonText } from '../../model/json-text.js'

const parseOrThrow = awsParser(eventBridgeValidationError)

// ------------------------------------------------------------------ schemas (AWS constraints)

const ruleName = schemaOnFirstUse(() => z
  .string()
  .min(1)
  .max(64)
  .regex(/^[.\-_A-Za-z0-9]+$/, { message: 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+' }))
const busName = schemaOnFirstUse(() => z
  .string()
  .min(1)
  .max(256)
  .regex(/^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/, {
    message: 'Member must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[/\\.\\-_A-Za-z0-9]+',
  }))
const targetId = schemaOnFirstUse(() => z
  .string()
  .min(1)
  .max(64)
  .regex(/^[.\-_A-Za-z0-9]+$/, { message: 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+' }))

const putRuleSchema = schemaOnFirstUse(() => z
  .object({
    name: ruleName,
    eventBusName: busName.optional(),
    eventPattern: z.string().max(4096).optional(),
    // AWS's model (events-2015-10-07 ScheduleExpression): a string of at most 256 characters.
    scheduleExpression: z.string().max(256).optional(),
    state: z.enum(['ENABLED', 'DISABLED']).optional(),
    description: z.string().max(512).optional(),
  })
  .strict())

const targetSchema = schemaOnFirstUse(() => z
  .object({
    id: targetId,
    arn: z.string().min(1).max(1600),
    input: z.string().max(8192).optional(),
    inputPath: z.string().max(256).optional(),
    roleArn: z.string().min(1).max(1600).optional(),
  })
  .strict())

const putTargetsSchema = schemaOnFirstUse(() => z
  .object({ rule: ruleName, eventBusName: busName.optional(), targets: z.array(targetSchema).min(1).max(10) })
  .strict())

const entrySchema = schemaOnFirstUse(() => z
  .object({
    source: z.string().optional(),
    detailType: z.string().optional(),
    detail: z.string().optional(),
    resources: z.array(z.string()).optional(),
    eventBusName: busName.optional(),
    time: z.union([z.date(), z.number()]).optional(),
  })
  .strict())

const putEventsSchema = schemaOnFirstUse(() => z.object({ entries: z.array(entrySchema).min(1).max(10) }).strict())

// ------------------------------------------------------------------ types

interface StoredRule {
  rule: EventBridgeRule
  /** Absent for a rule that only runs on a schedule. */
  pattern: object | undefined
  readonly targets: EventBridgeTarget[]
}

interface Bus {
  readonly name: string
  readonly arn: string
  readonly rules: Map<string, StoredRule>
  readonly events: EventBridgePutEvent[]
}

/** Targets per rule. */
export const EVENTBRIDGE_TARGETS_PER_RULE_MAX = 5
/** 256 KiB per PutEvents request. */
export const EVENTBRIDGE_PUT_EVENTS_BYTES_MAX = 262_144

export class EventBridgeService implements EventBridgeApi, DeliveryTarget {
  private readonly buses = new Map<string, Bus>()
  private readonly schedules = new RuleSchedules(this.kernel, (ruleArn, scheduledMs) => this.fireSchedule(ruleArn, scheduledMs))

  constructor(
    private readonly kernel: Kernel,
    private readonly ids: IdFactory,
    private readonly scope: { readonly region: string; readonly accountId: string },
    private readonly router: DeliveryRouter,
    private readonly invokeAsync: InvokeAsync,
    /** The trace header of a handler's request being answered (it travels to the targets). */
    private readonly trace: OutgoingTrace = NO_OUTGOING_TRACE,
  ) {
    this.addBus('default')
  }

  // ---------------------------------------------------------------- buses

  createEventBus(input: { name: string }): { eventBusArn: string } {
    const { name } = parseOrThrow(z.object({ name: busName }).strict(), input)
    if (name.startsWith('arn:') || name.includes('/')) throw ebErrors.validation('Event bus name must not contain "/".')
    if (name === 'default' || name.startsWith('aws.')) throw ebErrors.validation(`Event bus name ${name} is reserved.`)
    if (this.buses.has(name)) throw new EventBridgeError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`)
    return { eventBusArn: this.addBus(name).arn }
  }

  /** Idempotent. [SIM] The bus's rules and targets go with it. */
  deleteEventBus(input: { name: string }): void {
    if (input.name === 'default') throw ebErrors.validation('Cannot delete event bus default.')
    this.buses.delete(input.name)
  }

  listEventBuses(): { eventBuses: { name: string; arn: string }[] } {
    return { eventBuses: [...this.buses.values()].map((bus) => ({ name: bus.name, arn: bus.arn })) }
  }

  /** A bus by name or ARN (`default` when absent). */
  describeEventBus(input: { name?: string } = {}): { name: string; arn: string } {
    const bus = this.bus(input.name)
    return { name: bus.name, arn: bus.arn }
  }

  // ---------------------------------------------------------------- rules

  /** Creates or replaces a rule (keeping its targets): an event pattern, a schedule, or both. */
  putRule(input: PutRuleInput): { ruleArn: string } {
    const parsed = parseOrThrow(putRuleSchema, input)
    const bus = this.bus(parsed.eventBusName)
    if (parsed.eventPattern === undefined && parsed.scheduleExpression === undefined) {
      throw ebErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.')
    }
    const schedule = parsed.scheduleExpression === undefined ? undefined : parseRuleSchedule(parsed.scheduleExpression)
    if (parsed.scheduleExpression !== undefined) {
      if (bus.name !== 'default') throw ebErrors.validation('ScheduleExpression is supported only on the default event bus.')
      if (schedule === undefined) throw ebErrors.validation('Parameter ScheduleExpression is not valid.')
    }
    const pattern = parsed.eventPattern === undefined ? undefined : parsePattern(parsed.eventPattern)
    if (pattern !== undefined && !pattern.ok) throw new EventBridgeError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${pattern.reason}`)
    const arn =
      bus.name === 'default'
        ? `arn:aws:events:${this.scope.region}:${this.scope.accountId}:rule/${parsed.name}`
        : `arn:aws:events:${this.scope.region}:${this.scope.accountId}:rule/${bus.name}/${parsed.name}`
    const rule: EventBridgeRule = {
      name: parsed.name,
      arn,
      eventBusName: bus.name,
      ...(parsed.eventPattern !== undefined ? { eventPattern: parsed.eventPattern } : {}),
      ...(parsed.scheduleExpression !== undefined ? { scheduleExpression: parsed.scheduleExpression } : {}),
      state: parsed.state ?? 'ENABLED',
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
    }
    const existing = bus.rules.get(parsed.name)
    if (existing !== undefined) {
      existing.rule = rule
      existing.pattern = pattern?.pattern
    } else {
      bus.rules.set(parsed.name, { rule, pattern: pattern?.pattern, targets: [] })
    }
    this.schedules.set(arn, rule.state === 'ENABLED' ? schedule : undefined)
    return { ruleArn: arn }
  }

  /** Idempotent for a missing rule; a rule with targets cannot be deleted. */
  deleteRule(input: { name: string; eventBusName?: string }): void {
    const bus = this.bus(input.eventBusName)
    const stored = bus.rules.get(input.name)
    if (stored === undefined) return
    if (stored.targets.length > 0) throw ebErrors.validation("Rule can't be deleted since it has targets.")
    bus.rules.delete(input.name)
    this.schedules.clear(stored.rule.arn)
  }

  describeRule(input: { name: string; eventBusName?: string }): EventBridgeRule {
    const bus = this.bus(input.eventBusName)
    const stored = bus.rules.get(input.name)
    if (stored === undefined) throw ebErrors.ruleNotFound(input.name, bus.name)
    return stored.rule
  }

  enableRule(input: { name: string; eventBusName?: string }): void {
    this.setState(input, 'ENABLED')
  }

  disableRule(input: { name: string; eventBusName?: string }): void {
    this.setState(input, 'DISABLED')
  }

  /** [SIM] Creation order, one page. */
  listRules(input: { eventBusName?: string; namePrefix?: string } = {}): { rules: EventBridgeRule[] } {
    const bus = this.bus(input.eventBusName)
    const prefix = input.namePrefix ?? ''
    return { rules: [...bus.rules.values()].filter((s) => s.rule.name.startsWith(prefix)).map((s) => s.rule) }
  }

  // ---------------------------------------------------------------- targets

  putTargets(input: { rule: string; eventBusName?: string; targets: EventBridgeTarget[] }): {
    failedEntryCount: number
    failedEntries: { targetId: string; errorCode: string; errorMessage: string }[]
  } {
    const parsed = parseOrThrow(putTargetsSchema, input)
    const bus = this.bus(parsed.eventBusName)
    const stored = bus.rules.get(parsed.rule)
    if (stored === undefined) throw ebErrors.ruleNotFound(parsed.rule, bus.name)
    for (const target of parsed.targets) {
      if (target.input !== undefined && target.inputPath !== undefined) {
        throw ebErrors.validation(`Target ${target.id}: Only one of Input, InputPath, or InputTransformer must be provided.`)
      }
      if (target.input !== undefined && !isJsonText(target.input)) throw ebErrors.validation(`Target ${target.id}: Input is not valid JSON text.`)
      if (target.inputPath !== undefined && parseJsonPath(target.inputPath) === undefined) {
        throw ebErrors.validation(`Target ${target.id}: InputPath is not a valid JsonPath.`)
      }
    }
    const ids = new Set([...stored.targets.map((t) => t.id), ...parsed.targets.map((t) => t.id)])
    if (ids.size > EVENTBRIDGE_TARGETS_PER_RULE_MAX) {
      throw new EventBridgeError('LimitExceededException', `The requested resource exceeds the maximum number allowed.`)
    }
    for (const target of parsed.targets) {
      const normalized: EventBridgeTarget = {
        id: target.id,
        arn: target.arn,
        ...(target.input !== undefined ? { input: target.input } : {}),
        ...(target.inputPath !== undefined ? { inputPath: target.inputPath } : {}),
        ...(target.roleArn !== undefined ? { roleArn: target.roleArn } : {}),
      }
      const index = stored.targets.findIndex((t) => t.id === target.id)
      if (index >= 0) stored.targets[index] = normalized
      else stored.targets.push(normalized)
    }
    return { failedEntryCount: 0, failedEntries: [] }
  }

  removeTargets(input: { rule: string; eventBusName?: string; ids: string[] }): {
    failedEntryCount: number
    failedEntries: { targetId: string; errorCode: string; errorMessage: string }[]
  } {
    const bus = this.bus(input.eventBusName)
    const stored = bus.rules.get(input.rule)
    if (stored === undefined) throw ebErrors.ruleNotFound(input.rule, bus.name)
    for (const id of input.ids) {
      const index = stored.targets.findIndex((t) => t.id === id)
      if (index >= 0) stored.targets.splice(index, 1)
    }
    return { failedEntryCount: 0, failedEntries: [] }
  }

  listTargetsByRule(input: { rule: string; eventBusName?: string }): { targets: EventBridgeTarget[] } {
    const bus = this.bus(input.eventBusName)
    const stored = bus.rules.get(input.rule)
    if (stored === undefined) throw ebErrors.ruleNotFound(input.rule, bus.name)
    return { targets: stored.targets.map((t) => ({ ...t })) }
  }

  // ---------------------------------------------------------------- events

  /**
   * Puts up to 10 events. Entries fail one by one (bad detail, unknown bus); the call itself fails
   * only on request-level problems.
   */
  putEvents(input: { entries: PutEventsEntry[] }): { failedEntryCount: number; entries: PutEventsResultEntry[] } {
    const parsed = parseOrThrow(putEventsSchema, input)
    let bytes = 0
    for (const entry of parsed.entries) {
      bytes += Buffer.byteLength((entry.source ?? '') + (entry.detailType ?? '') + (entry.detail ?? ''), 'utf8')
      for (const resource of entry.resources ?? []) bytes += Buffer.byteLength(resource, 'utf8')
    }
    if (bytes > EVENTBRIDGE_PUT_EVENTS_BYTES_MAX) throw ebErrors.validation('Total size of the entries in the request is over the limit.')
    const traceHeader = this.trace.outgoing
    const entries = parsed.entries.map((entry) => this.putEntry(entry, NO_LINEAGE, traceHeader))
    return { failedEntryCount: entries.filter((e) => 'errorCode' in e).length, entries }
  }

  /** Every event put on the bus, in order, with what each target got. */
  events(busName = 'default'): readonly EventBridgePutEvent[] {
    return this.bus(busName).events
  }

  // ---------------------------------------------------------------- DeliveryTarget

  accepts(arn: string): boolean {
    return arn.startsWith('arn:') && arn.split(':')[2] === 'events'
  }

  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    const bus = this.findBus(arn)
    if (bus === undefined) return { ok: false, reason: `EventBridge event bus ${arn} does not exist` }
    if (message.eventBridge === undefined) return { ok: false, reason: 'message carries no EventBridge source/detail-type' }
    const result = this.putEntry(
      {
        source: message.eventBridge.source,
        detailType: message.eventBridge.detailType,
        detail: message.body,
        resources: [...message.eventBridge.resources],
        eventBusName: bus.name,
      },
      message.lineage ?? NO_LINEAGE,
      message.traceHeader,
    )
    return 'eventId' in result ? { ok: true, messageId: result.eventId } : { ok: false, reason: `${result.errorCode}: ${result.errorMessage}` }
  }

  // ---------------------------------------------------------------- internals

  private addBus(name: string): Bus {
    const bus: Bus = { name, arn: `arn:aws:events:${this.scope.region}:${this.scope.accountId}:event-bus/${name}`, rules: new Map(), events: [] }
    this.buses.set(name, bus)
    return bus
  }

  /** A bus by name or ARN. */
  private findBus(nameOrArn: string | undefined): Bus | undefined {
    if (nameOrArn === undefined) return this.buses.get('default')
    if (!nameOrArn.startsWith('arn:')) return this.buses.get(nameOrArn)
    return [...this.buses.values()].find((bus) => bus.arn === nameOrArn)
  }

  private bus(nameOrArn: string | undefined): Bus {
    const bus = this.findBus(nameOrArn)
    if (bus === undefined) throw ebErrors.busNotFound(nameOrArn ?? 'default')
    return bus
  }

  private setState(input: { name: string; eventBusName?: string }, state: 'ENABLED' | 'DISABLED'): void {
    const bus = this.bus(input.eventBusName)
    const stored = bus.rules.get(input.name)
    if (stored === undefined) throw ebErrors.ruleNotFound(input.name, bus.name)
    const was = stored.rule.state
    stored.rule = { ...stored.rule, state }
    // Enabling starts the schedule again from now; disabling stops it.
    if (state === 'DISABLED') this.schedules.clear(stored.rule.arn)
    else if (was === 'DISABLED' && stored.rule.scheduleExpression !== undefined) this.schedules.set(stored.rule.arn, parseRuleSchedule(stored.rule.scheduleExpression))
  }

  /** A scheduled rule's firing: the Scheduled Event, to that rule's targets only. */
  private fireSchedule(ruleArn: string, scheduledMs: number): void {
    const bus = this.buses.get('default') as Bus
    const stored = [...bus.rules.values()].find((candidate) => candidate.rule.arn === ruleArn)
    if (stored === undefined || stored.rule.state !== 'ENABLED') return
    const event: EventBridgeEvent = scheduledEventOf({ id: this.ids.uuid(), accountId: this.scope.accountId, region: this.scope.region, ruleArn, timeMs: scheduledMs })
    const deliveries: EventBridgeTargetDelivery[] = []
    bus.events.push({ event, eventBusName: bus.name, lineage: NO_LINEAGE, deliveries })
    for (const target of [...stored.targets]) {
      deliveries.push({ rule: stored.rule.name, targetId: target.id, arn: target.arn, result: this.deliverToTarget(target, event, NO_LINEAGE, undefined) })
    }
  }

  private putEntry(entry: PutEventsEntry, lineage: Lineage, traceHeader: string | undefined): PutEventsResultEntry {
    if (entry.source === undefined || entry.source === '') {
      return { errorCode: 'InvalidArgument', errorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' }
    }
    if (entry.detailType === undefined || entry.detailType === '') {
      return { errorCode: 'InvalidArgument', errorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' }
    }
    if (entry.detail === undefined) {
      return { errorCode: 'InvalidArgument', errorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' }
    }
    let detail: unknown
    try {
      detail = JSON.parse(entry.detail)
    } catch {
      detail = undefined
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' }
    }
    const timeMs = entry.time === undefined ? this.kernel.nowMs : typeof entry.time === 'number' ? entry.time : entry.time.getTime()
    if (!(Number.isFinite(timeMs) && Math.abs(timeMs) <= 8.64e15)) {
      return { errorCode: 'InvalidArgument', errorMessage: 'Parameter Time is not valid. Reason: Time is not a valid timestamp.' }
    }
    const bus = this.findBus(entry.eventBusName)
    if (bus === undefined) {
      return { errorCode: 'ResourceNotFoundException', errorMessage: `Event bus ${entry.eventBusName ?? 'default'} does not exist.` }
    }
    const event: EventBridgeEvent = {
      version: '0',
      id: this.ids.uuid(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: this.scope.accountId,
      time: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.scope.region,
      resources: [...(entry.resources ?? [])],
      detail,
    }
    const deliveries: EventBridgeTargetDelivery[] = []
    bus.events.push({ event, eventBusName: bus.name, lineage, deliveries })
    // Snapshot: a target reacting synchronously must not change this routing.
    for (const stored of [...bus.rules.values()]) {
      if (stored.rule.state !== 'ENABLED' || stored.pattern === undefined || !matchesPattern(stored.pattern, event)) continue
      for (const target of [...stored.targets]) {
        deliveries.push({ rule: stored.rule.name, targetId: target.id, arn: target.arn, result: this.deliverToTarget(target, event, lineage, traceHeader) })
      }
    }
    return { eventId: event.id }
  }

  private deliverToTarget(target: EventBridgeTarget, event: EventBridgeEvent, lineage: Lineage, traceHeader: string | undefined): DeliveryResult {
    const trace = traceHeader !== undefined ? { traceHeader } : {}
    let payload: string
    if (target.input !== undefined) payload = target.input
    else if (target.inputPath !== undefined) payload = JSON.stringify(selectJsonPath(event, parseJsonPath(target.inputPath) ?? []) ?? null)
    else payload = JSON.stringify(event)
    const service = target.arn.split(':')[2]
    if (service === 'lambda') return this.invokeAsync(target.arn, payload, lineage, traceHeader)
    if (service === 'events' && target.input === undefined && target.inputPath === undefined) {
      // Bus to bus: the event is put again on the target bus. [SIM] with a new id.
      const eventBridge = { source: event.source, detailType: event['detail-type'], resources: [...event.resources] }
      return this.router.deliver(target.arn, { body: JSON.stringify(event.detail), eventBridge, lineage, ...trace })
    }
    return this.router.deliver(target.arn, { body: payload, lineage, ...trace })
  }
}

// ------------------------------------------------------------------ helpers

/** `$`, `$.a.b`, `$.a[0]`, `$['a-b']` → path segments; `undefined` when not understood. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined
  const segments: (string | number)[] = []
  const token = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y
  token.lastIndex = 1
  while (token.lastIndex < path.length) {
    const match = token.exec(path)
    if (match === null) return undefined
    if (match[1] !== undefined) segments.push(match[1])
    else if (match[2] !== undefined) segments.push(Number(match[2]))
    else segments.push((match[3] ?? match[4]) as string)
  }
  return segments
}

function selectJsonPath(value: unknown, segments: readonly (string | number)[]): unknown {
  let current = value
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}
