/**
 * An in-memory Amazon EventBridge Scheduler: schedule groups (`default` always exists) and the
 * schedules in them, each run on the virtual clock by `ScheduleRunner` (runner.ts: occurrences,
 * flexible windows, retries, dead-letter queue).
 *
 * Targets are the templated ones lambda-sim has: a Lambda function (invoked asynchronously with the
 * `input`), an SQS queue, an SNS topic, an EventBridge bus (with `eventBridgeParameters`). A
 * universal target (`arn:aws:scheduler:::aws-sdk:…`) or another service is refused by name.
 *
 * Validation (AWS's words where known): the request's constraints (schemas.ts); the expression
 * (`Invalid Schedule Expression <expr>.`); the time zone; a recurring schedule's StartDate no more
 * than 5 minutes in the past (`The StartDate you specify cannot be earlier than 5 minutes ago.`);
 * an EndDate after the StartDate; `maximumWindowInMinutes` with FLEXIBLE only. [SIM] The wording
 * of the time-zone, date-order and window refusals is the simulation's.
 */
import type { PageInput, Schedule, ScheduleGroup, ScheduleInput, SchedulerApi, SchedulerInvocation, ScheduleState, ScheduleSummary, ScheduleTag, ScheduleTarget } from './api.js'
import { awsParser } from '../../config/aws-validation.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DeliveryResult, DeliveryRouter, InvokeAsync } from '../../lambda/invoke/delivery.js'
import { NO_LINEAGE } from '../../model/lineage.js'
import { isJsonText } from '../../model/json-text.js'
import { parseScheduleExpression } from '../../model/schedule-expression.js'
import { isTimeZone } from '../../model/zoned-time.js'
import { SchedulerError, schedulerErrors, schedulerValidationError } from './errors.js'
import { ScheduleRunner } from './runner.js'
import { schedulerSchemas, type ParsedScheduleInput } from './schemas.js'

const parse = awsParser(schedulerValidationError)

const DEFAULT_GROUP = 'default'
const DEFAULT_MAX_EVENT_AGE_S = 86_400
const DEFAULT_MAX_RETRIES = 185
/** A recurring schedule's StartDate may lie at most this far in the past. */
const START_DATE_SLACK_MS = 5 * 60_000

interface StoredSchedule {
  readonly schedule: Schedule
}

interface Group {
  readonly group: ScheduleGroup
  readonly schedules: Map<string, StoredSchedule>
  readonly tags: Map<string, string>
}

export interface SchedulerParts {
  readonly kernel: Kernel
  /** Execution ids: a stream of the scheduler's own, so its use moves no other id. */
  readonly ids: IdFactory
  /** Flexible-window offsets: a stream of their own. */
  readonly random: () => number
  readonly router: DeliveryRouter
  readonly invokeAsync: InvokeAsync
  readonly scope: { readonly region: string; readonly accountId: string }
  /** The simulation's start: the `default` group's creation date, whenever the service is built. */
  readonly startMs: number
}

export class SchedulerService implements SchedulerApi {
  private readonly groups = new Map<string, Group>()
  private readonly attempts: SchedulerInvocation[] = []
  private readonly runner: ScheduleRunner

  constructor(private readonly parts: SchedulerParts) {
    this.runner = new ScheduleRunner({
      kernel: parts.kernel,
      ids: parts.ids,
      random: parts.random,
      invoke: (target, payload) => this.invokeTarget(target, payload),
      deadLetter: (arn, body, attributes) => parts.router.deliver(arn, { body, attributes }),
      record: (invocation) => this.attempts.push(invocation),
    })
    this.addGroup(DEFAULT_GROUP, parts.startMs)
  }

  // ---------------------------------------------------------------- schedules

  createSchedule(input: ScheduleInput): { scheduleArn: string } {
    const parsed = parse(schedulerSchemas.schedule, input)
    const group = this.group(parsed.groupName)
    if (group.schedules.has(parsed.name)) throw schedulerErrors.scheduleExists(parsed.name)
    return { scheduleArn: this.store(group, parsed, undefined) }
  }

  updateSchedule(input: ScheduleInput): { scheduleArn: string } {
    const parsed = parse(schedulerSchemas.schedule, input)
    const group = this.group(parsed.groupName)
    const existing = group.schedules.get(parsed.name)
    if (existing === undefined) throw schedulerErrors.scheduleNotFound(parsed.name)
    return { scheduleArn: this.store(group, parsed, existing.schedule.creationDate) }
  }

  getSchedule(input: { name: string; groupName?: string }): Schedule {
    const parsed = parse(schedulerSchemas.scheduleKey, input)
    const stored = this.group(parsed.groupName).schedules.get(parsed.name)
    if (stored === undefined) throw schedulerErrors.scheduleNotFound(parsed.name)
    return stored.schedule
  }

  deleteSchedule(input: { name: string; groupName?: string; clientToken?: string }): void {
    const parsed = parse(schedulerSchemas.scheduleKey, input)
    const group = this.group(parsed.groupName)
    const stored = group.schedules.get(parsed.name)
    if (stored === undefined) throw schedulerErrors.scheduleNotFound(parsed.name)
    this.remove(group, stored)
  }

  listSchedules(input: PageInput & { groupName?: string; namePrefix?: string; state?: ScheduleState } = {}): { schedules: ScheduleSummary[]; nextToken?: string } {
    const parsed = parse(schedulerSchemas.listSchedules, input)
    const groups = parsed.groupName === undefined ? [...this.groups.values()] : [this.group(parsed.groupName)]
    const all = groups
      .flatMap((group) => [...group.schedules.values()].map((stored) => stored.schedule))
      .filter((s) => (parsed.namePrefix === undefined || s.name.startsWith(parsed.namePrefix)) && (parsed.state === undefined || s.state === parsed.state))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.groupName < b.groupName ? -1 : 1))
    const { items, nextToken } = page(all, parsed)
    const schedules = items.map((s) => ({
      arn: s.arn,
      name: s.name,
      groupName: s.groupName,
      state: s.state,
      creationDate: s.creationDate,
      lastModificationDate: s.lastModificationDate,
      target: { arn: s.target.arn },
    }))
    return nextToken === undefined ? { schedules } : { schedules, nextToken }
  }

  // ---------------------------------------------------------------- groups

  createScheduleGroup(input: { name: string; tags?: ScheduleTag[]; clientToken?: string }): { scheduleGroupArn: string } {
    const parsed = parse(schedulerSchemas.createGroup, input)
    if (this.groups.has(parsed.name)) throw schedulerErrors.groupExists(parsed.name)
    const group = this.addGroup(parsed.name, this.parts.kernel.nowMs)
    for (const tag of parsed.tags ?? []) group.tags.set(tag.key, tag.value)
    return { scheduleGroupArn: group.group.arn }
  }

  // ---------------------------------------------------------------- tags (schedule groups only)

  tagResource(input: { resourceArn: string; tags: ScheduleTag[] }): void {
    const parsed = parse(schedulerSchemas.tagResource, input)
    const group = this.groupByArn(parsed.resourceArn)
    for (const tag of parsed.tags) group.tags.set(tag.key, tag.value)
  }

  untagResource(input: { resourceArn: string; tagKeys: string[] }): void {
    const parsed = parse(schedulerSchemas.untagResource, input)
    const group = this.groupByArn(parsed.resourceArn)
    for (const key of parsed.tagKeys) group.tags.delete(key)
  }

  listTagsForResource(input: { resourceArn: string }): { tags: ScheduleTag[] } {
    const parsed = parse(schedulerSchemas.listTags, input)
    return { tags: [...this.groupByArn(parsed.resourceArn).tags].map(([key, value]) => ({ key, value })) }
  }

  getScheduleGroup(input: { name: string }): ScheduleGroup {
    const parsed = parse(schedulerSchemas.groupKey, input)
    return this.group(parsed.name).group
  }

  deleteScheduleGroup(input: { name: string; clientToken?: string }): void {
    const parsed = parse(schedulerSchemas.groupKey, input)
    if (parsed.name === DEFAULT_GROUP) throw schedulerErrors.validation('You cannot delete the default schedule group.')
    const group = this.group(parsed.name)
    for (const stored of [...group.schedules.values()]) this.remove(group, stored)
    this.groups.delete(parsed.name)
  }

  listScheduleGroups(input: PageInput & { namePrefix?: string } = {}): { scheduleGroups: ScheduleGroup[]; nextToken?: string } {
    const parsed = parse(schedulerSchemas.listGroups, input)
    const all = [...this.groups.values()].map((g) => g.group).filter((g) => parsed.namePrefix === undefined || g.name.startsWith(parsed.namePrefix))
    const { items, nextToken } = page(all, parsed)
    return nextToken === undefined ? { scheduleGroups: items } : { scheduleGroups: items, nextToken }
  }

  invocations(): readonly SchedulerInvocation[] {
    return this.attempts
  }

  // ---------------------------------------------------------------- internals

  private store(group: Group, parsed: ParsedScheduleInput, createdAt: Date | undefined): string {
    const now = this.parts.kernel.nowMs
    const expression = parseScheduleExpression(parsed.scheduleExpression, { at: true, strictUnits: false })
    if (!expression.ok) throw schedulerErrors.validation(`Invalid Schedule Expression ${parsed.scheduleExpression}.`)
    const timeZone = parsed.scheduleExpressionTimezone ?? 'UTC'
    if (!isTimeZone(timeZone)) throw schedulerErrors.validation(`Invalid ScheduleExpressionTimezone ${timeZone}.`)
    const startMs = parsed.startDate === undefined ? undefined : toMs(parsed.startDate)
    const endMs = parsed.endDate === undefined ? undefined : toMs(parsed.endDate)
    if (expression.expression.kind !== 'at' && startMs !== undefined && startMs < now - START_DATE_SLACK_MS) {
      throw schedulerErrors.validation('The StartDate you specify cannot be earlier than 5 minutes ago.')
    }
    if (startMs !== undefined && endMs !== undefined && endMs <= startMs) throw schedulerErrors.validation('The EndDate you specify must be after the StartDate.')
    const window = parsed.flexibleTimeWindow
    if (window.mode === 'FLEXIBLE' && window.maximumWindowInMinutes === undefined) {
      throw schedulerErrors.validation('MaximumWindowInMinutes is required when the flexible time window mode is FLEXIBLE.')
    }
    if (window.mode === 'OFF' && window.maximumWindowInMinutes !== undefined) {
      throw schedulerErrors.validation('MaximumWindowInMinutes must not be set when the flexible time window mode is OFF.')
    }
    this.checkTarget(parsed.target)
    const arn = `arn:aws:scheduler:${this.parts.scope.region}:${this.parts.scope.accountId}:schedule/${group.group.name}/${parsed.name}`
    const t = parsed.target
    const target: Schedule['target'] = {
      arn: t.arn,
      roleArn: t.roleArn,
      ...(t.input !== undefined ? { input: t.input } : {}),
      retryPolicy: {
        maximumEventAgeInSeconds: t.retryPolicy?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_S,
        maximumRetryAttempts: t.retryPolicy?.maximumRetryAttempts ?? DEFAULT_MAX_RETRIES,
      },
      ...(t.deadLetterConfig !== undefined ? { deadLetterConfig: { ...t.deadLetterConfig } } : {}),
      ...(t.sqsParameters !== undefined ? { sqsParameters: { ...t.sqsParameters } } : {}),
      ...(t.eventBridgeParameters !== undefined ? { eventBridgeParameters: { ...t.eventBridgeParameters } } : {}),
    }
    const schedule: Schedule = {
      arn,
      name: parsed.name,
      groupName: group.group.name,
      scheduleExpression: parsed.scheduleExpression,
      ...(parsed.scheduleExpressionTimezone !== undefined ? { scheduleExpressionTimezone: parsed.scheduleExpressionTimezone } : {}),
      ...(startMs !== undefined ? { startDate: new Date(startMs) } : {}),
      ...(endMs !== undefined ? { endDate: new Date(endMs) } : {}),
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
      state: parsed.state ?? 'ENABLED',
      creationDate: createdAt ?? new Date(now),
      lastModificationDate: new Date(now),
      ...(parsed.kmsKeyArn !== undefined ? { kmsKeyArn: parsed.kmsKeyArn } : {}),
      target,
      flexibleTimeWindow: { mode: window.mode, ...(window.maximumWindowInMinutes !== undefined ? { maximumWindowInMinutes: window.maximumWindowInMinutes } : {}) },
      actionAfterCompletion: parsed.actionAfterCompletion ?? 'NONE',
    }
    const stored: StoredSchedule = { schedule }
    group.schedules.set(parsed.name, stored)
    this.runner.stop(arn)
    if (schedule.state === 'ENABLED') {
      this.runner.start({
        arn,
        expression: expression.expression,
        timeZone,
        startMs,
        endMs,
        fromMs: now,
        flexibleWindowMs: (window.maximumWindowInMinutes ?? 0) * 60_000,
        target,
        completed: () => {
          // The schedule may have been replaced or deleted since this run started.
          if (schedule.actionAfterCompletion === 'DELETE' && group.schedules.get(schedule.name) === stored && this.groups.get(group.group.name) === group) this.remove(group, stored)
        },
      })
    }
    return arn
  }

  private remove(group: Group, stored: StoredSchedule): void {
    this.runner.stop(stored.schedule.arn)
    group.schedules.delete(stored.schedule.name)
  }

  /** The templated targets lambda-sim has. */
  private checkTarget(target: ParsedScheduleInput['target']): void {
    const service = target.arn.startsWith('arn:') ? target.arn.split(':')[2] : undefined
    if (service !== 'lambda' && service !== 'sqs' && service !== 'sns' && service !== 'events') {
      throw schedulerErrors.validation(`lambda-sim does not simulate the target ${target.arn}: use a Lambda function, SQS queue, SNS topic or EventBridge bus.`)
    }
    if (service === 'events' && target.eventBridgeParameters === undefined) {
      throw schedulerErrors.validation('EventBridgeParameters is required for an EventBridge target.')
    }
  }

  private invokeTarget(target: ScheduleTarget, payload: string): DeliveryResult {
    const service = target.arn.split(':')[2]
    // Lambda's Invoke refuses a payload that is not JSON: the call fails, and Scheduler retries it.
    if (service === 'lambda' && !isJsonText(payload)) return { ok: false, reason: 'InvalidRequestContentException: Could not parse request body into json' }
    if (service === 'lambda') return this.parts.invokeAsync(target.arn, payload, NO_LINEAGE)
    if (service === 'events') {
      const eb = target.eventBridgeParameters as { detailType: string; source: string }
      return this.parts.router.deliver(target.arn, { body: payload, eventBridge: { source: eb.source, detailType: eb.detailType, resources: [] } })
    }
    const groupId = target.sqsParameters?.messageGroupId
    return this.parts.router.deliver(target.arn, { body: payload, ...(groupId !== undefined ? { messageGroupId: groupId } : {}) })
  }

  private addGroup(name: string, createdMs: number): Group {
    const now = new Date(createdMs)
    const group: Group = {
      group: { arn: `arn:aws:scheduler:${this.parts.scope.region}:${this.parts.scope.accountId}:schedule-group/${name}`, name, state: 'ACTIVE', creationDate: now, lastModificationDate: now },
      schedules: new Map(),
      tags: new Map(),
    }
    this.groups.set(name, group)
    return group
  }

  private groupByArn(arn: string): Group {
    const name = arn.slice(arn.indexOf(':schedule-group/') + ':schedule-group/'.length)
    const group = this.groups.get(name)
    if (group === undefined || group.group.arn !== arn) throw schedulerErrors.groupNotFound(name)
    return group
  }

  private group(name: string | undefined): Group {
    const group = this.groups.get(name ?? DEFAULT_GROUP)
    if (group === undefined) throw schedulerErrors.groupNotFound(name ?? DEFAULT_GROUP)
    return group
  }
}

const toMs = (value: Date | number): number => (value instanceof Date ? value.getTime() : value)

/** One page: the token is the index of the next item. */
function page<T>(items: readonly T[], input: PageInput): { items: T[]; nextToken: string | undefined } {
  const start = input.nextToken === undefined ? 0 : /^\d+$/.test(input.nextToken) ? Number(input.nextToken) : Number.NaN
  if (!(start >= 0 && start <= items.length)) throw new SchedulerError('ValidationException', 'The NextToken provided is invalid.')
  const end = input.maxResults === undefined ? items.length : start + input.maxResults
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined }
}
