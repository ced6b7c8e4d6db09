/**
 * Application Auto Scaling for Lambda provisioned concurrency, on the virtual clock: scalable
 * targets (`function:<name>:<alias-or-version>`), target-tracking policies on the predefined metric
 * `LambdaProvisionedConcurrencyUtilization`, scheduled actions (`at()`, `rate()`, `cron()`), and the
 * scaling-activity record. Capacity changes go through the ordinary `PutProvisionedConcurrencyConfig`,
 * so every change is `IN_PROGRESS` and becomes `READY` after the allocation delay, exactly as a
 * change made by hand.
 *
 * AWS documents the shape (two CloudWatch alarms per target-tracking policy: high = 3 datapoints of
 * 1 minute above the target, low = 15 datapoints below 90 % of it, both on the Average) but not the
 * engine. The choices below are the simulation's:
 *
 * - [SIM] Evaluation runs on every epoch-minute boundary of virtual time while at least one
 *   policy exists, as a *background* kernel event (it never keeps `runUntilIdle` alive). Each
 *   evaluation reads the complete 1-minute periods just before it: `Average` of
 *   `ProvisionedConcurrencyUtilization` for `{ FunctionName, Resource: 'name:qualifier' }`.
 * - [SIM] Only datapoints that are "fresh" count: periods starting at or after the policy was put
 *   and after the last time the provisioned concurrency became `READY` (the alarm window restarts
 *   when capacity changes, so datapoints measured against the old capacity never drive a second
 *   step). No evaluation acts while the configuration is `IN_PROGRESS` (a scaling activity is in
 *   progress) or while the target has no provisioned concurrency (utilization is undefined).
 * - Scale out when the last 3 datapoints are all above `targetValue`; scale in when the last 15 are
 *   all below `0.9 × targetValue` (AWS: documented).
 * - [SIM] New capacity = `ceil(current × u ÷ targetValue)`, `u` = the latest datapoint's Average;
 *   scale-out adds at least 1 and is capped at `maxCapacity`; scale-in is floored at `minCapacity`
 *   and happens only if the result is below the current capacity. (`ceil` tolerates 1e-9 of
 *   floating-point noise, so 7 × 1.0 ÷ 0.7 is 10, not 11.)
 * - With several policies on one target: scale out if any policy says so (to the largest capacity);
 *   scale in only if every policy that can scale in says so (to the largest of their capacities).
 * - [SIM] Cooldowns are measured from the *end* of the previous activity of the same direction
 *   (when the new capacity became READY). Defaults: `scaleOutCooldown` 0 s, `scaleInCooldown` 300 s.
 *   (AWS's per-namespace defaults for Lambda are not verified here.) `disableScaleIn` stops
 *   scale-in by that policy.
 * - [SIM] Capacity 0 (a `minCapacity` of 0 reached by a scale-in or a scheduled action) deletes the
 *   provisioned-concurrency configuration (Lambda refuses a value of 0).
 * - [SIM] An activity is `InProgress` from the put until the configuration is `READY`
 *   (`Successful`, with `endTime`) or `FAILED` (`Failed`); a put Lambda refuses (e.g. above the
 *   reserved concurrency) is a `Failed` activity carrying Lambda's message. Times are virtual epoch
 *   ms. One `autoscaling.activity` event is emitted when an activity starts.
 * - Registering a target moves an existing configuration into `[min, max]`; with none configured it
 *   puts `minCapacity` when that is above 0. Re-registering updates only the given bounds.
 *   Deregistering deletes the target's policies and scheduled actions and leaves capacity as it is.
 * - Scheduled actions: `at(…)` and `cron(…)` are wall-clock time in the action's `timezone` (an
 *   IANA zone, UTC by default; [SIM] the words of its refusal are the simulation's). [SIM] `at(…)`
 *   in the past never fires; `rate(N unit)` fires at `(startTime ?? time of the put) + k × N units`,
 *   k ≥ 1; `cron(min hour day-of-month month day-of-week year)` uses AWS's fields (day-of-week 1-7 =
 *   SUN-SAT, `?`, `L`, `W`, `#`), read by model/schedule-expression.ts. Nothing fires before `startTime` or after
 *   `endTime`. Firing sets the target's min/max and moves the capacity into range. Scheduled firings
 *   are background events too. Putting an action with an existing name replaces it.
 * - [SIM] `describe*` default `serviceNamespace` to `'lambda'`; `ResourceId` must name an existing
 *   function alias or published version when a target is registered.
 */
import type { AutoScalingApi } from './api.js'
import { awsParser } from '../../config/aws-validation.js'
import { AutoScalingError, autoScalingValidationError, validation } from './errors.js'
import { isTimeZone } from '../../model/zoned-time.js'
import { nextCron, parseSchedule, type Schedule } from './schedule-expressions.js'
import { SCALABLE_DIMENSION, describeScalableTargetsSchema, describeScalingActivitiesSchema, describeScalingPoliciesSchema, describeScheduledActionsSchema, putScalingPolicySchema, putScheduledActionSchema, registerScalableTargetSchema, scalingPolicyKeySchema, scheduledActionKeySchema, targetKeySchema, type DeleteScalingPolicyInput, type DeleteScheduledActionInput, type DeregisterScalableTargetInput, type DescribeScalableTargetsInput, type DescribeScalingActivitiesInput, type DescribeScalingPoliciesInput, type DescribeScheduledActionsInput, type PutScalingPolicyInput, type PutScheduledActionInput, type RegisterScalableTargetInput, type ScalableTarget, type ScalingActivity, type ScalingActivityStatus, type ScalingPolicy, type ScheduledAction } from './shapes.js'
import { LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { EventBus } from '../../observability/bus.js'
import type { AutoScalingActivityEvent } from '../../observability/events.js'
import type { Datapoint, MetricQuery } from '../../observability/metrics.js'
import type { ProvisionedConcurrencyConfigOutput, ProvisionedConcurrencyLookupInput, PutProvisionedConcurrencyConfigInput } from '../../lambda/control/concurrency-config.js'

const parse = awsParser(autoScalingValidationError)

// ---------------------------------------------------------------- collaborators

/** The provisioned-concurrency control plane (Lambda's own API). */
export interface ProvisionedConcurrencyApi {
  getProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): ProvisionedConcurrencyConfigOutput
  putProvisionedConcurrencyConfig(input: PutProvisionedConcurrencyConfigInput): ProvisionedConcurrencyConfigOutput
  deleteProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): void
}

/** CloudWatch statistics (the simulation's metric store), if metrics are on. */
export interface MetricSource {
  getMetricStatistics(query: MetricQuery): Datapoint[]
}

export interface AutoScalingOptions {
  readonly region: string
  readonly accountId: string
}

// ---------------------------------------------------------------- internal state

const MINUTE_MS = 60_000
const SCALE_OUT_DATAPOINTS = 3
const SCALE_IN_DATAPOINTS = 15
const SCALE_IN_RATIO = 0.9
const DEFAULT_SCALE_OUT_COOLDOWN_S = 0
const DEFAULT_SCALE_IN_COOLDOWN_S = 300

interface Target {
  readonly resourceId: string
  readonly functionName: string
  readonly qualifier: string
  minCapacity: number
  maxCapacity: number
  readonly roleARN: string
  readonly arn: string
  readonly creationTime: number
  /** Datapoints of periods starting before this do not count (policy put, capacity READY). */
  dataSinceMs: number
  lastScaleOutEndMs: number | undefined
  lastScaleInEndMs: number | undefined
  inProgress: { activity: Activity; direction: 'out' | 'in' | undefined } | undefined
}

interface Policy {
  readonly output: ScalingPolicy
  readonly targetValue: number
  readonly scaleOutCooldownMs: number
  readonly scaleInCooldownMs: number
  readonly disableScaleIn: boolean
}


interface Action {
  readonly output: ScheduledAction
  readonly schedule: Schedule
  handle: object | undefined
}

interface Activity {
  activityId: string
  resourceId: string
  description: string
  cause: string
  startTime: number
  endTime: number | undefined
  statusCode: ScalingActivityStatus
  statusMessage: string | undefined
}

const alignUp = (ms: number): number => Math.ceil(ms / MINUTE_MS) * MINUTE_MS
const ceilTolerant = (x: number): number => Math.ceil(x - 1e-9)
const toMs = (t: number | Date): number => (t instanceof Date ? t.getTime() : t)

// ---------------------------------------------------------------- the service

export class AutoScalingService implements AutoScalingApi {
  private readonly targets = new Map<string, Target>()
  /** Keyed `resourceId|policyName`, in creation order. */
  private readonly policies = new Map<string, Policy>()
  /** Keyed `resourceId|scheduledActionName`. */
  private readonly actions = new Map<string, Action>()
  private readonly activities: Activity[] = []
  private tick: object | undefined

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly lambda: ProvisionedConcurrencyApi,
    private readonly metrics: MetricSource | undefined,
    private readonly ids: IdFactory,
    private readonly options: AutoScalingOptions,
  ) {
    bus.on('provisioned.changed', (e) => {
      const target = this.targets.get(`function:${e.functionName}:${e.qualifier}`)
      if (target === undefined) return
      if (e.status === 'READY') {
        target.dataSinceMs = Math.max(target.dataSinceMs, alignUp(e.atMs))
        this.finish(target, 'Successful', undefined)
      } else if (e.status === 'FAILED') {
        this.finish(target, 'Failed', 'Provisioned concurrency allocation failed.')
      }
    })
  }

  // ------------------------------------------------------------ scalable targets

  registerScalableTarget(input: RegisterScalableTargetInput): { scalableTargetARN: string } {
    const parsed = parse(registerScalableTargetSchema, input)
    const { functionName, qualifier } = parseResourceId(parsed.resourceId)
    const existing = this.targets.get(parsed.resourceId)
    const min = parsed.minCapacity ?? existing?.minCapacity
    const max = parsed.maxCapacity ?? existing?.maxCapacity
    if (min === undefined || max === undefined) {
      throw validation('MinCapacity and MaxCapacity are required to register a new scalable target')
    }
    if (max < min) throw validation('Maximum capacity cannot be less than minimum capacity')
    const current = this.capacityOf(functionName, qualifier, true)
    let target = existing
    if (target === undefined) {
      target = {
        resourceId: parsed.resourceId,
        functionName,
        qualifier,
        minCapacity: min,
        maxCapacity: max,
        roleARN:
          parsed.roleARN ??
          `arn:aws:iam::${this.options.accountId}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`,
        arn: `arn:aws:application-autoscaling:${this.options.region}:${this.options.accountId}:scalable-target/${this.ids.hex32()}`,
        creationTime: this.kernel.nowMs,
        dataSinceMs: alignUp(this.kernel.nowMs),
        lastScaleOutEndMs: undefined,
        lastScaleInEndMs: undefined,
        inProgress: undefined,
      }
      this.targets.set(parsed.resourceId, target)
    } else {
      target.minCapacity = min
      target.maxCapacity = max
    }
    if (current.requested === undefined) {
      if (min > 0) this.setCapacity(target, 0, min, undefined, `minimum capacity was set to ${min}`)
    } else if (current.requested < min) {
      this.setCapacity(target, current.requested, min, undefined, `minimum capacity was set to ${min}`)
    } else if (current.requested > max) {
      this.setCapacity(target, current.requested, max, undefined, `maximum capacity was set to ${max}`)
    }
    return { scalableTargetARN: target.arn }
  }

  deregisterScalableTarget(input: DeregisterScalableTargetInput): void {
    const parsed = parse(targetKeySchema, input)
    if (!this.targets.has(parsed.resourceId)) {
      throw new AutoScalingError(
        'ObjectNotFoundException',
        `No scalable target found for service namespace: ${parsed.serviceNamespace}, resource ID: ${parsed.resourceId}, scalable dimension: ${parsed.scalableDimension}`,
      )
    }
    for (const [key, policy] of [...this.policies]) if (policy.output.resourceId === parsed.resourceId) this.policies.delete(key)
    for (const [key, action] of [...this.actions]) {
      if (action.output.resourceId !== parsed.resourceId) continue
      if (action.handle !== undefined) this.kernel.cancel(action.handle)
      this.actions.delete(key)
    }
    this.targets.delete(parsed.resourceId)
    this.syncTick()
  }

  describeScalableTargets(input: DescribeScalableTargetsInput = {}): { scalableTargets: ScalableTarget[] } {
    const parsed = parse(describeScalableTargetsSchema, input)
    const wanted = parsed.resourceIds === undefined ? undefined : new Set(parsed.resourceIds)
    const scalableTargets = [...this.targets.values()]
      .filter((t) => wanted === undefined || wanted.has(t.resourceId))
      .map((t) => ({
        serviceNamespace: 'lambda' as const,
        resourceId: t.resourceId,
        scalableDimension: SCALABLE_DIMENSION,
        minCapacity: t.minCapacity,
        maxCapacity: t.maxCapacity,
        roleARN: t.roleARN,
        scalableTargetARN: t.arn,
        creationTime: t.creationTime,
        suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false } as const,
      }))
    return { scalableTargets }
  }

  // ------------------------------------------------------------ target-tracking policies

  putScalingPolicy(input: PutScalingPolicyInput): { policyARN: string; alarms: ScalingPolicy['alarms'] } {
    const parsed = parse(putScalingPolicySchema, input)
    const target = this.requireTarget(parsed.serviceNamespace, parsed.resourceId, parsed.scalableDimension)
    if (this.metrics === undefined) {
      throw validation('Target tracking needs CloudWatch metrics: create the simulation without `metrics: false`')
    }
    const key = `${parsed.resourceId}|${parsed.policyName}`
    const previous = this.policies.get(key)
    const config = parsed.targetTrackingScalingPolicyConfiguration
    const uuid = previous === undefined ? this.ids.uuid() : undefined
    const policyARN =
      previous?.output.policyARN ??
      `arn:aws:autoscaling:${this.options.region}:${this.options.accountId}:scalingPolicy:${uuid}:resource/lambda/${parsed.resourceId}:policyName/${parsed.policyName}`
    const alarms =
      previous?.output.alarms ??
      (['AlarmHigh', 'AlarmLow'] as const).map((which) => {
        const alarmName = `TargetTracking-${parsed.resourceId}-${which}-${this.ids.uuid()}`
        return { alarmName, alarmARN: `arn:aws:cloudwatch:${this.options.region}:${this.options.accountId}:alarm:${alarmName}` }
      })
    const output: ScalingPolicy = {
      policyARN,
      policyName: parsed.policyName,
      serviceNamespace: 'lambda',
      resourceId: parsed.resourceId,
      scalableDimension: SCALABLE_DIMENSION,
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: {
        targetValue: config.targetValue,
        predefinedMetricSpecification: { predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
        ...(config.scaleOutCooldown !== undefined ? { scaleOutCooldown: config.scaleOutCooldown } : {}),
        ...(config.scaleInCooldown !== undefined ? { scaleInCooldown: config.scaleInCooldown } : {}),
        ...(config.disableScaleIn !== undefined ? { disableScaleIn: config.disableScaleIn } : {}),
      },
      alarms,
      creationTime: previous?.output.creationTime ?? this.kernel.nowMs,
    }
    this.policies.set(key, {
      output,
      targetValue: config.targetValue,
      scaleOutCooldownMs: (config.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN_S) * 1000,
      scaleInCooldownMs: (config.scaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN_S) * 1000,
      disableScaleIn: config.disableScaleIn ?? false,
    })
    // The policy's alarms start with no data.
    target.dataSinceMs = Math.max(target.dataSinceMs, alignUp(this.kernel.nowMs))
    this.syncTick()
    return { policyARN, alarms }
  }

  deleteScalingPolicy(input: DeleteScalingPolicyInput): void {
    const parsed = parse(scalingPolicyKeySchema, input)
    const key = `${parsed.resourceId}|${parsed.policyName}`
    if (!this.policies.delete(key)) {
      throw new AutoScalingError(
        'ObjectNotFoundException',
        `No scaling policy found for service namespace: ${parsed.serviceNamespace}, resource ID: ${parsed.resourceId}, scalable dimension: ${parsed.scalableDimension}, policy name: ${parsed.policyName}`,
      )
    }
    this.syncTick()
  }

  describeScalingPolicies(input: DescribeScalingPoliciesInput = {}): { scalingPolicies: ScalingPolicy[] } {
    const parsed = parse(describeScalingPoliciesSchema, input)
    const names = parsed.policyNames === undefined ? undefined : new Set(parsed.policyNames)
    const scalingPolicies = [...this.policies.values()]
      .map((p) => p.output)
      .filter((p) => (parsed.resourceId === undefined || p.resourceId === parsed.resourceId) && (names === undefined || names.has(p.policyName)))
    return { scalingPolicies }
  }

  // ------------------------------------------------------------ scheduled actions

  putScheduledAction(input: PutScheduledActionInput): void {
    const parsed = parse(putScheduledActionSchema, input)
    this.requireTarget(parsed.serviceNamespace, parsed.resourceId, parsed.scalableDimension)
    const timeZone = parsed.timezone ?? 'UTC'
    if (!isTimeZone(timeZone)) throw validation(`Invalid time zone: ${timeZone}`)
    const schedule = parseSchedule(parsed.schedule, timeZone)
    const startTime = parsed.startTime === undefined ? undefined : toMs(parsed.startTime)
    const endTime = parsed.endTime === undefined ? undefined : toMs(parsed.endTime)
    if (startTime !== undefined && endTime !== undefined && endTime < startTime) throw validation('EndTime cannot be earlier than StartTime')
    const targetAction = parsed.scalableTargetAction ?? {}
    if (targetAction.minCapacity !== undefined && targetAction.maxCapacity !== undefined && targetAction.maxCapacity < targetAction.minCapacity) {
      throw validation('Maximum capacity cannot be less than minimum capacity')
    }
    const key = `${parsed.resourceId}|${parsed.scheduledActionName}`
    const previous = this.actions.get(key)
    if (previous?.handle !== undefined) this.kernel.cancel(previous.handle)
    const output: ScheduledAction = {
      scheduledActionName: parsed.scheduledActionName,
      scheduledActionARN:
        previous?.output.scheduledActionARN ??
        `arn:aws:autoscaling:${this.options.region}:${this.options.accountId}:scheduledAction:${this.ids.uuid()}:resource/lambda/${parsed.resourceId}:scheduledActionName/${parsed.scheduledActionName}`,
      serviceNamespace: 'lambda',
      schedule: parsed.schedule,
      resourceId: parsed.resourceId,
      scalableDimension: SCALABLE_DIMENSION,
      scalableTargetAction: {
        ...(targetAction.minCapacity !== undefined ? { minCapacity: targetAction.minCapacity } : {}),
        ...(targetAction.maxCapacity !== undefined ? { maxCapacity: targetAction.maxCapacity } : {}),
      },
      ...(startTime !== undefined ? { startTime } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(parsed.timezone !== undefined ? { timezone: parsed.timezone } : {}),
      creationTime: this.kernel.nowMs,
    }
    const action: Action = { output, schedule, handle: undefined }
    this.actions.set(key, action)
    this.scheduleNext(action, this.kernel.nowMs, true)
  }

  deleteScheduledAction(input: DeleteScheduledActionInput): void {
    const parsed = parse(scheduledActionKeySchema, input)
    const key = `${parsed.resourceId}|${parsed.scheduledActionName}`
    const action = this.actions.get(key)
    if (action === undefined) {
      throw new AutoScalingError(
        'ObjectNotFoundException',
        `No scheduled action found for service namespace: ${parsed.serviceNamespace}, resource ID: ${parsed.resourceId}, scalable dimension: ${parsed.scalableDimension}, scheduled action name: ${parsed.scheduledActionName}`,
      )
    }
    if (action.handle !== undefined) this.kernel.cancel(action.handle)
    this.actions.delete(key)
  }

  describeScheduledActions(input: DescribeScheduledActionsInput = {}): { scheduledActions: ScheduledAction[] } {
    const parsed = parse(describeScheduledActionsSchema, input)
    const names = parsed.scheduledActionNames === undefined ? undefined : new Set(parsed.scheduledActionNames)
    const scheduledActions = [...this.actions.values()]
      .map((a) => a.output)
      .filter((a) => (parsed.resourceId === undefined || a.resourceId === parsed.resourceId) && (names === undefined || names.has(a.scheduledActionName)))
    return { scheduledActions }
  }

  /** The next firing strictly after `afterMs` (or at it, for the first `at()`), within start/end. */
  private scheduleNext(action: Action, afterMs: number, first: boolean): void {
    action.handle = undefined
    const { startTime, endTime, creationTime } = action.output
    let next: number | undefined
    const schedule = action.schedule
    if (schedule.kind === 'at') {
      next = first && schedule.atMs >= afterMs ? schedule.atMs : undefined
      if (next !== undefined && ((startTime !== undefined && next < startTime) || (endTime !== undefined && next > endTime))) next = undefined
    } else if (schedule.kind === 'rate') {
      const anchor = startTime ?? creationTime
      const k = Math.max(1, Math.floor((afterMs - anchor) / schedule.everyMs) + 1)
      next = anchor + k * schedule.everyMs
    } else {
      next = nextCron(schedule, Math.max(afterMs, (startTime ?? afterMs) - 1), action.output.timezone ?? 'UTC')
    }
    if (next === undefined || (endTime !== undefined && next > endTime)) return
    action.handle = this.kernel.schedule(next, (a: Action) => this.fire(a), action, true)
  }

  private fire(action: Action): void {
    action.handle = undefined
    const target = this.targets.get(action.output.resourceId)
    if (target === undefined || this.actions.get(`${action.output.resourceId}|${action.output.scheduledActionName}`) !== action) return
    const { minCapacity, maxCapacity } = action.output.scalableTargetAction
    if (minCapacity !== undefined) target.minCapacity = minCapacity
    if (maxCapacity !== undefined) target.maxCapacity = maxCapacity
    if (target.maxCapacity < target.minCapacity) {
      // [SIM] A min above the max (or the reverse) moves the other bound along.
      if (minCapacity !== undefined) target.maxCapacity = target.minCapacity
      else target.minCapacity = target.maxCapacity
    }
    const cause = `scheduled action name ${action.output.scheduledActionName} was triggered`
    const current = this.capacityOf(target.functionName, target.qualifier, false).requested ?? 0
    const desired = Math.min(target.maxCapacity, Math.max(target.minCapacity, current))
    if (desired !== current) {
      this.setCapacity(target, current, desired, undefined, cause)
    } else {
      this.record(target, `Setting min capacity to ${target.minCapacity} and max capacity to ${target.maxCapacity}`, cause, current, current, 'Successful', undefined, false)
    }
    this.scheduleNext(action, this.kernel.nowMs, false)
  }

  // ------------------------------------------------------------ activities

  describeScalingActivities(input: DescribeScalingActivitiesInput = {}): { scalingActivities: ScalingActivity[] } {
    const parsed = parse(describeScalingActivitiesSchema, input)
    const scalingActivities = this.activities
      .filter((a) => parsed.resourceId === undefined || a.resourceId === parsed.resourceId)
      .map(
        (a): ScalingActivity => ({
          activityId: a.activityId,
          serviceNamespace: 'lambda',
          resourceId: a.resourceId,
          scalableDimension: SCALABLE_DIMENSION,
          description: a.description,
          cause: a.cause,
          startTime: a.startTime,
          ...(a.endTime !== undefined ? { endTime: a.endTime } : {}),
          statusCode: a.statusCode,
          ...(a.statusMessage !== undefined ? { statusMessage: a.statusMessage } : {}),
        }),
      )
      .reverse()
    return { scalingActivities }
  }

  // ------------------------------------------------------------ target tracking

  /** One background tick per epoch minute while any policy exists. */
  private syncTick(): void {
    if (this.policies.size === 0) {
      if (this.tick !== undefined) this.kernel.cancel(this.tick)
      this.tick = undefined
      return
    }
    if (this.tick !== undefined) return
    const next = Math.floor(this.kernel.nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS
    this.tick = this.kernel.schedule(next, () => this.evaluateAll(), undefined, true)
  }

  private evaluateAll(): void {
    this.tick = undefined
    const byTarget = new Map<string, Policy[]>()
    for (const policy of this.policies.values()) {
      const list = byTarget.get(policy.output.resourceId) ?? []
      list.push(policy)
      byTarget.set(policy.output.resourceId, list)
    }
    for (const [resource, policies] of byTarget) {
      const target = this.targets.get(resource)
      if (target !== undefined) this.evaluate(target, policies)
    }
    this.syncTick()
  }

  private evaluate(target: Target, policies: readonly Policy[]): void {
    const metrics = this.metrics
    if (metrics === undefined || target.inProgress !== undefined) return
    const config = this.capacityOf(target.functionName, target.qualifier, false)
    if (config.requested === undefined || config.status !== 'READY') return
    const current = config.requested
    const now = this.kernel.nowMs
    const from = Math.max(target.dataSinceMs, now - SCALE_IN_DATAPOINTS * MINUTE_MS)
    if (now - from < SCALE_OUT_DATAPOINTS * MINUTE_MS) return
    const points = metrics
      .getMetricStatistics({
        metricName: 'ProvisionedConcurrencyUtilization',
        dimensions: { FunctionName: target.functionName, Resource: `${target.functionName}:${target.qualifier}` },
        startTime: from,
        endTime: now,
        period: 60,
        statistics: ['Average'],
      })
      .map((p) => p.Average ?? 0)
    const latest = points[points.length - 1]
    if (latest === undefined) return

    let out: { capacity: number; policy: Policy } | undefined
    let inCandidates: { capacity: number; policy: Policy }[] = []
    let allScaleIn = true
    for (const policy of policies) {
      const high = points.slice(-SCALE_OUT_DATAPOINTS)
      if (high.length === SCALE_OUT_DATAPOINTS && high.every((u) => u > policy.targetValue)) {
        const capacity = Math.min(target.maxCapacity, Math.max(current + 1, ceilTolerant((current * latest) / policy.targetValue)))
        const cooling = target.lastScaleOutEndMs !== undefined && now < target.lastScaleOutEndMs + policy.scaleOutCooldownMs
        if (capacity > current && !cooling && (out === undefined || capacity > out.capacity)) out = { capacity, policy }
      }
      if (policy.disableScaleIn) continue
      const low = points.slice(-SCALE_IN_DATAPOINTS)
      const cooling = target.lastScaleInEndMs !== undefined && now < target.lastScaleInEndMs + policy.scaleInCooldownMs
      if (low.length === SCALE_IN_DATAPOINTS && low.every((u) => u < SCALE_IN_RATIO * policy.targetValue) && !cooling) {
        inCandidates.push({ capacity: Math.max(target.minCapacity, ceilTolerant((current * latest) / policy.targetValue)), policy })
      } else {
        allScaleIn = false
      }
    }
    if (out !== undefined) {
      this.setCapacity(target, current, out.capacity, 'out', alarmCause(out.policy, 'AlarmHigh'))
      return
    }
    if (!allScaleIn || inCandidates.length === 0) return
    inCandidates = inCandidates.sort((a, b) => b.capacity - a.capacity)
    const chosen = inCandidates[0] as { capacity: number; policy: Policy }
    if (chosen.capacity < current) this.setCapacity(target, current, chosen.capacity, 'in', alarmCause(chosen.policy, 'AlarmLow'))
  }

  // ------------------------------------------------------------ capacity changes

  /** Requested provisioned concurrency and status, or `undefined` when none is configured. */
  private capacityOf(functionName: string, qualifier: string, validateResource: boolean): { requested: number | undefined; status: string | undefined } {
    try {
      const config = this.lambda.getProvisionedConcurrencyConfig({ functionName, qualifier })
      return { requested: config.requestedProvisionedConcurrentExecutions, status: config.status }
    } catch (error) {
      if (error instanceof LambdaError && error.name === 'ProvisionedConcurrencyConfigNotFoundException') return { requested: undefined, status: undefined }
      if (validateResource && error instanceof LambdaError) throw validation(error.message)
      if (error instanceof LambdaError) return { requested: undefined, status: undefined }
      throw error
    }
  }

  private setCapacity(target: Target, from: number, to: number, direction: 'out' | 'in' | undefined, cause: string): void {
    const description = `Setting desired concurrency to ${to}.`
    try {
      if (to === 0) {
        this.lambda.deleteProvisionedConcurrencyConfig({ functionName: target.functionName, qualifier: target.qualifier })
      } else {
        this.lambda.putProvisionedConcurrencyConfig({ functionName: target.functionName, qualifier: target.qualifier, provisionedConcurrentExecutions: to })
      }
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error
      this.record(target, description, cause, from, to, 'Failed', `Failed to set provisioned concurrency to ${to}: ${error.message}`, false)
      return
    }
    const activity = this.record(target, description, cause, from, to, to === 0 ? 'Successful' : 'InProgress', undefined, true)
    if (to === 0) this.markEnded(target, direction)
    else target.inProgress = { activity, direction }
  }

  private record(
    target: Target,
    description: string,
    cause: string,
    from: number,
    to: number,
    statusCode: ScalingActivityStatus,
    statusMessage: string | undefined,
    changed: boolean,
  ): Activity {
    const now = this.kernel.nowMs
    const activity: Activity = {
      activityId: this.ids.uuid(),
      resourceId: target.resourceId,
      description,
      cause,
      startTime: now,
      endTime: statusCode === 'InProgress' ? undefined : now,
      statusCode,
      statusMessage,
    }
    this.activities.push(activity)
    const event: AutoScalingActivityEvent = {
      type: 'autoscaling.activity',
      atMs: now,
      activityId: activity.activityId,
      resourceId: target.resourceId,
      functionName: target.functionName,
      qualifier: target.qualifier,
      fromCapacity: from,
      toCapacity: changed ? to : from,
      description,
      cause,
      statusCode,
    }
    this.bus.emit(event)
    return activity
  }

  private finish(target: Target, statusCode: 'Successful' | 'Failed', statusMessage: string | undefined): void {
    const pending = target.inProgress
    if (pending === undefined) return
    target.inProgress = undefined
    pending.activity.statusCode = statusCode
    pending.activity.endTime = this.kernel.nowMs
    pending.activity.statusMessage = statusMessage
    this.markEnded(target, pending.direction)
  }

  private markEnded(target: Target, direction: 'out' | 'in' | undefined): void {
    if (direction === 'out') target.lastScaleOutEndMs = this.kernel.nowMs
    if (direction === 'in') target.lastScaleInEndMs = this.kernel.nowMs
  }

  private requireTarget(serviceNamespace: string, resource: string, scalableDimension: string): Target {
    const target = this.targets.get(resource)
    if (target === undefined) {
      throw new AutoScalingError(
        'ObjectNotFoundException',
        `No scalable target registered for service namespace: ${serviceNamespace}, resource ID: ${resource}, scalable dimension: ${scalableDimension}`,
      )
    }
    return target
  }
}

function alarmCause(policy: Policy, which: 'AlarmHigh' | 'AlarmLow'): string {
  const alarm = policy.output.alarms.find((a) => a.alarmName.includes(`-${which}-`))
  return `monitor alarm ${alarm?.alarmName ?? which} in state ALARM triggered policy ${policy.output.policyName}`
}

// ---------------------------------------------------------------- resource ids

function parseResourceId(resource: string): { functionName: string; qualifier: string } {
  const match = /^function:([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_$-]{1,128})$/.exec(resource)
  if (match === null) {
    throw validation(`Unsupported resource ID ${resource}: expected function:<function-name>:<alias-or-version> for scalable dimension ${SCALABLE_DIMENSION}`)
  }
  return { functionName: match[1] as string, qualifier: match[2] as string }
}
