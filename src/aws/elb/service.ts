/**
 * An in-memory Elastic Load Balancing (v2) for Application Load Balancers with Lambda targets: the
 * control plane (`sim.elb`) and the records the front door (`alb-door.ts`) routes through.
 *
 * Creating a load balancer or target group that exists with the same settings answers the existing
 * one, as AWS does; with other settings it is a duplicate. Registering a function checks, as AWS
 * does, that the function's resource-based policy lets `elasticloadbalancing.amazonaws.com` invoke
 * it from the target group.
 */
import type { IdFactory } from '../../kernel/ids.js'
import type { FunctionStore } from '../../lambda/control/function-store.js'
import type { AccountScope } from '../../model/arn.js'
import { policyAllows } from '../../model/policy.js'
import type {
  Action,
  CreateListenerInput,
  CreateLoadBalancerInput,
  CreateRuleInput,
  CreateTargetGroupInput,
  ElbApi,
  Listener,
  LoadBalancer,
  Rule,
  RuleCondition,
  TargetDescription,
  TargetGroup,
  TargetGroupAttribute,
} from './api.js'
import { ElbError } from './errors.js'

/** The service principal a load balancer invokes functions as. */
export const ELB_PRINCIPAL = 'elasticloadbalancing.amazonaws.com'

/** [SIM] One hosted zone id for every Region (us-east-1's for ALBs). */
const HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K'

/** Attributes a `lambda` target group has, with their defaults. */
const TARGET_GROUP_ATTRIBUTES: Readonly<Record<string, string>> = {
  'lambda.multi_value_headers.enabled': 'false',
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
}

export interface LoadBalancerRecord {
  readonly description: LoadBalancer
  readonly id: string
  readonly listeners: Map<number, ListenerRecord>
}

export interface ListenerRecord {
  readonly description: Listener
  readonly id: string
  /** By priority, lowest first. */
  readonly rules: Rule[]
}

export interface TargetGroupRecord {
  readonly description: Omit<TargetGroup, 'loadBalancerArns'>
  readonly attributes: Map<string, string>
  /** At most one function ARN. */
  target: string | undefined
}

const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/

function checkName(kind: 'load balancer' | 'target group', name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new ElbError('ValidationError', `A ${kind} name is required`)
  if (name.length > 32) throw new ElbError('ValidationError', `The ${kind} name '${name}' cannot be longer than '32' characters`)
  if (!NAME.test(name)) {
    throw new ElbError('ValidationError', `The ${kind} name '${name}' can contain only alphanumeric characters and hyphens, and cannot begin or end with a hyphen`)
  }
  if (kind === 'load balancer' && name.startsWith('internal-')) throw new ElbError('ValidationError', `The load balancer name '${name}' cannot begin with 'internal-'`)
  return name
}

/** IAM-style wildcard matching (`*` any run, `?` one character). */
function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`
  return new RegExp(source, caseInsensitive ? 'i' : '').test(value)
}

/** Whether a rule's conditions all hold for the request (each condition: any of its values). */
export function ruleMatches(conditions: readonly RuleCondition[], method: string, host: string, path: string): boolean {
  return conditions.every((condition) => {
    if (condition.field === 'path-pattern') return condition.values.some((value) => wildcard(value, path, false))
    if (condition.field === 'host-header') return condition.values.some((value) => wildcard(value, host, true))
    return condition.values.some((value) => value.toUpperCase() === method)
  })
}

export class ElbService implements ElbApi {
  private readonly loadBalancers = new Map<string, LoadBalancerRecord>()
  private readonly byDnsName = new Map<string, LoadBalancerRecord>()
  private readonly targetGroups = new Map<string, TargetGroupRecord>()

  constructor(
    private readonly scope: AccountScope,
    private readonly nowMs: () => number,
    /** A stream of its own: ids and DNS names move no other draw. */
    private readonly ids: IdFactory,
    private readonly functions: FunctionStore,
  ) {}

  // ---------------------------------------------------------------- load balancers

  createLoadBalancer(input: CreateLoadBalancerInput): { loadBalancers: LoadBalancer[] } {
    const name = checkName('load balancer', input.name)
    const scheme = input.scheme ?? 'internet-facing'
    if (scheme !== 'internet-facing' && scheme !== 'internal') throw new ElbError('ValidationError', `Scheme '${String(scheme)}' must be one of [internet-facing, internal]`)
    if (input.type !== undefined && input.type !== 'application') {
      throw new ElbError('ValidationError', `[SIM] lambda-sim simulates Application Load Balancers only, not type '${String(input.type)}'`)
    }
    const existing = [...this.loadBalancers.values()].find((record) => record.description.loadBalancerName === name)
    if (existing !== undefined) {
      if (existing.description.scheme === scheme) return { loadBalancers: [existing.description] }
      throw new ElbError('DuplicateLoadBalancerNameException', `A load balancer with the same name '${name}' exists, but with different settings`)
    }
    const id = this.ids.hex32().slice(0, 16)
    const digits = String(parseInt(this.ids.hex32().slice(0, 12), 16)).padStart(10, '0').slice(-10)
    const dNSName = `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits}.${this.scope.region}.elb.amazonaws.com`.toLowerCase()
    const description: LoadBalancer = {
      loadBalancerArn: `arn:aws:elasticloadbalancing:${this.scope.region}:${this.scope.accountId}:loadbalancer/app/${name}/${id}`,
      dNSName,
      canonicalHostedZoneId: HOSTED_ZONE_ID,
      createdTime: new Date(this.nowMs()).toISOString(),
      loadBalancerName: name,
      scheme,
      type: 'application',
      state: { code: 'active' },
      ipAddressType: 'ipv4',
    }
    const record: LoadBalancerRecord = { description, id, listeners: new Map() }
    this.loadBalancers.set(description.loadBalancerArn, record)
    this.byDnsName.set(dNSName, record)
    return { loadBalancers: [description] }
  }

  describeLoadBalancers(input: { loadBalancerArns?: readonly string[]; names?: readonly string[] } = {}): { loadBalancers: LoadBalancer[] } {
    const all = [...this.loadBalancers.values()].map((record) => record.description)
    if (input.loadBalancerArns !== undefined) {
      const found = all.filter((lb) => input.loadBalancerArns?.includes(lb.loadBalancerArn))
      if (found.length !== input.loadBalancerArns.length) throw new ElbError('LoadBalancerNotFoundException', 'One or more load balancers not found')
      return { loadBalancers: found }
    }
    if (input.names !== undefined) {
      const found = all.filter((lb) => input.names?.includes(lb.loadBalancerName))
      if (found.length !== input.names.length) throw new ElbError('LoadBalancerNotFoundException', 'One or more load balancers not found')
      return { loadBalancers: found }
    }
    return { loadBalancers: all }
  }

  /** Deleting one that does not exist succeeds, as on AWS. */
  deleteLoadBalancer(input: { loadBalancerArn: string }): void {
    const record = this.loadBalancers.get(input.loadBalancerArn)
    if (record === undefined) return
    this.loadBalancers.delete(input.loadBalancerArn)
    this.byDnsName.delete(record.description.dNSName)
  }

  // ---------------------------------------------------------------- target groups

  createTargetGroup(input: CreateTargetGroupInput): { targetGroups: TargetGroup[] } {
    const name = checkName('target group', input.name)
    if (input.targetType !== 'lambda') {
      throw new ElbError('ValidationError', `[SIM] lambda-sim simulates target groups of type 'lambda' only, not '${String(input.targetType)}'`)
    }
    const healthCheckEnabled = input.healthCheckEnabled ?? false
    const existing = [...this.targetGroups.values()].find((record) => record.description.targetGroupName === name)
    if (existing !== undefined) {
      if (existing.description.healthCheckEnabled === healthCheckEnabled) return { targetGroups: [this.targetGroupOutput(existing)] }
      throw new ElbError('DuplicateTargetGroupNameException', `A target group with the same name '${name}' exists, but with different settings`)
    }
    const targetGroupArn = `arn:aws:elasticloadbalancing:${this.scope.region}:${this.scope.accountId}:targetgroup/${name}/${this.ids.hex32().slice(0, 16)}`
    const record: TargetGroupRecord = {
      description: { targetGroupArn, targetGroupName: name, targetType: 'lambda', healthCheckEnabled },
      attributes: new Map(Object.entries(TARGET_GROUP_ATTRIBUTES)),
      target: undefined,
    }
    this.targetGroups.set(targetGroupArn, record)
    return { targetGroups: [this.targetGroupOutput(record)] }
  }

  describeTargetGroups(input: { targetGroupArns?: readonly string[]; names?: readonly string[]; loadBalancerArn?: string } = {}): { targetGroups: TargetGroup[] } {
    let records = [...this.targetGroups.values()]
    if (input.targetGroupArns !== undefined) {
      records = records.filter((record) => input.targetGroupArns?.includes(record.description.targetGroupArn))
      if (records.length !== input.targetGroupArns.length) throw new ElbError('TargetGroupNotFoundException', 'One or more target groups not found')
    }
    if (input.names !== undefined) {
      records = records.filter((record) => input.names?.includes(record.description.targetGroupName))
      if (records.length !== input.names.length) throw new ElbError('TargetGroupNotFoundException', 'One or more target groups not found')
    }
    const outputs = records.map((record) => this.targetGroupOutput(record))
    if (input.loadBalancerArn === undefined) return { targetGroups: outputs }
    this.loadBalancer(input.loadBalancerArn)
    return { targetGroups: outputs.filter((group) => group.loadBalancerArns.includes(input.loadBalancerArn as string)) }
  }

  deleteTargetGroup(input: { targetGroupArn: string }): void {
    const record = this.targetGroups.get(input.targetGroupArn)
    if (record === undefined) return
    if (this.loadBalancersUsing(input.targetGroupArn).length > 0) {
      throw new ElbError('ResourceInUseException', `Target group '${input.targetGroupArn}' is currently in use by a listener or a rule`)
    }
    this.targetGroups.delete(input.targetGroupArn)
  }

  modifyTargetGroupAttributes(input: { targetGroupArn: string; attributes: readonly TargetGroupAttribute[] }): { attributes: TargetGroupAttribute[] } {
    const record = this.targetGroup(input.targetGroupArn)
    for (const { key, value } of input.attributes) {
      if (!(key in TARGET_GROUP_ATTRIBUTES)) throw new ElbError('ValidationError', `Target group attribute key '${key}' is not recognized`)
      if (key.endsWith('.enabled') && value !== 'true' && value !== 'false') {
        throw new ElbError('ValidationError', `Target group attribute '${key}' must be 'true' or 'false', not '${value}'`)
      }
    }
    for (const { key, value } of input.attributes) record.attributes.set(key, value)
    return this.describeTargetGroupAttributes(input)
  }

  describeTargetGroupAttributes(input: { targetGroupArn: string }): { attributes: TargetGroupAttribute[] } {
    return { attributes: [...this.targetGroup(input.targetGroupArn).attributes].map(([key, value]) => ({ key, value })) }
  }

  registerTargets(input: { targetGroupArn: string; targets: readonly TargetDescription[] }): void {
    const record = this.targetGroup(input.targetGroupArn)
    const ids = [...new Set(input.targets.map((target) => target.id))]
    if (ids.length === 0) throw new ElbError('ValidationError', 'At least one target must be specified')
    if (ids.length > 1 || (record.target !== undefined && record.target !== ids[0])) {
      throw new ElbError('TooManyTargetsException', 'You cannot register more than one Lambda function with a target group of type lambda')
    }
    const functionArn = ids[0] as string
    this.checkInvokePermission(functionArn, record.description.targetGroupArn)
    record.target = functionArn
  }

  deregisterTargets(input: { targetGroupArn: string; targets: readonly TargetDescription[] }): void {
    const record = this.targetGroup(input.targetGroupArn)
    for (const target of input.targets) {
      if (target.id !== record.target) throw new ElbError('InvalidTargetException', `The following targets are not registered in target group '${input.targetGroupArn}': '${target.id}'`)
    }
    record.target = undefined
  }

  describeTargetHealth(input: { targetGroupArn: string }): { targetHealthDescriptions: { target: TargetDescription; targetHealth: { state: 'unavailable' | 'healthy'; reason?: string } }[] } {
    const record = this.targetGroup(input.targetGroupArn)
    if (record.target === undefined) return { targetHealthDescriptions: [] }
    // Health checks are off by default for Lambda targets: AWS reports the target `unavailable`.
    const targetHealth = record.description.healthCheckEnabled ? { state: 'healthy' as const } : { state: 'unavailable' as const, reason: 'Target.HealthCheckDisabled' }
    return { targetHealthDescriptions: [{ target: { id: record.target }, targetHealth }] }
  }

  // ---------------------------------------------------------------- listeners and rules

  createListener(input: CreateListenerInput): { listeners: Listener[] } {
    const lb = this.loadBalancer(input.loadBalancerArn)
    if (input.protocol !== 'HTTP' && input.protocol !== 'HTTPS') {
      throw new ElbError('ValidationError', `Listener protocol '${String(input.protocol)}' must be one of 'HTTPS, HTTP' for an application load balancer`)
    }
    if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
      throw new ElbError('ValidationError', `1 validation error detected: Value '${String(input.port)}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535`)
    }
    if (lb.listeners.has(input.port)) throw new ElbError('DuplicateListenerException', `A listener already exists on this port for this load balancer '${lb.description.loadBalancerArn}'`)
    const defaultActions = this.checkActions(input.defaultActions)
    const id = this.ids.hex32().slice(0, 16)
    const description: Listener = {
      listenerArn: `arn:aws:elasticloadbalancing:${this.scope.region}:${this.scope.accountId}:listener/app/${lb.description.loadBalancerName}/${lb.id}/${id}`,
      loadBalancerArn: lb.description.loadBalancerArn,
      port: input.port,
      protocol: input.protocol,
      defaultActions,
    }
    lb.listeners.set(input.port, { description, id, rules: [] })
    return { listeners: [description] }
  }

  describeListeners(input: { loadBalancerArn?: string; listenerArns?: readonly string[] }): { listeners: Listener[] } {
    if (input.loadBalancerArn !== undefined) return { listeners: [...this.loadBalancer(input.loadBalancerArn).listeners.values()].map((l) => l.description) }
    const listeners = (input.listenerArns ?? []).map((arn) => this.listener(arn).description)
    return { listeners }
  }

  deleteListener(input: { listenerArn: string }): void {
    const listener = this.listener(input.listenerArn)
    this.loadBalancer(listener.description.loadBalancerArn).listeners.delete(listener.description.port)
  }

  createRule(input: CreateRuleInput): { rules: Rule[] } {
    const listener = this.listener(input.listenerArn)
    if (!Number.isInteger(input.priority) || input.priority < 1 || input.priority > 50000) {
      throw new ElbError('ValidationError', `1 validation error detected: Value '${String(input.priority)}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`)
    }
    if (listener.rules.some((rule) => rule.priority === String(input.priority))) throw new ElbError('PriorityInUseException', `Priority '${input.priority}' is currently in use`)
    if (input.conditions.length === 0) throw new ElbError('ValidationError', 'A rule must have at least one condition')
    for (const condition of input.conditions) {
      if (!['path-pattern', 'host-header', 'http-request-method'].includes(condition.field)) {
        throw new ElbError('ValidationError', `[SIM] lambda-sim simulates the conditions path-pattern, host-header and http-request-method, not '${String(condition.field)}'`)
      }
      if (condition.values.length === 0) throw new ElbError('ValidationError', `A condition '${condition.field}' must have at least one value`)
    }
    const actions = this.checkActions(input.actions)
    const rule: Rule = {
      ruleArn: `${listener.description.listenerArn.replace(':listener/', ':listener-rule/')}/${this.ids.hex32().slice(0, 16)}`,
      priority: String(input.priority),
      conditions: input.conditions.map((condition) => ({ field: condition.field, values: [...condition.values] })),
      actions,
      isDefault: false,
    }
    listener.rules.push(rule)
    listener.rules.sort((a, b) => Number(a.priority) - Number(b.priority))
    return { rules: [rule] }
  }

  describeRules(input: { listenerArn: string }): { rules: Rule[] } {
    const listener = this.listener(input.listenerArn)
    const defaultRule: Rule = { ruleArn: `${listener.description.listenerArn.replace(':listener/', ':listener-rule/')}/default`, priority: 'default', conditions: [], actions: listener.description.defaultActions, isDefault: true }
    return { rules: [...listener.rules, defaultRule] }
  }

  deleteRule(input: { ruleArn: string }): void {
    for (const lb of this.loadBalancers.values()) {
      for (const listener of lb.listeners.values()) {
        const at = listener.rules.findIndex((rule) => rule.ruleArn === input.ruleArn)
        if (at >= 0) {
          listener.rules.splice(at, 1)
          return
        }
      }
    }
    throw new ElbError('RuleNotFoundException', 'One or more rules not found')
  }

  // ---------------------------------------------------------------- what the front door reads

  /** The load balancer a host names. */
  byHost(host: string): LoadBalancerRecord | undefined {
    return this.byDnsName.get(host)
  }

  /** A target group, if it still exists. */
  targetGroupFor(targetGroupArn: string): TargetGroupRecord | undefined {
    return this.targetGroups.get(targetGroupArn)
  }

  // ---------------------------------------------------------------- helpers

  private checkActions(actions: readonly Action[]): Action[] {
    if (actions.length !== 1) throw new ElbError('ValidationError', '[SIM] lambda-sim takes exactly one action (forward or fixed-response) per listener or rule')
    const action = actions[0] as Action
    if (action.type === 'forward') {
      if (action.targetGroupArn === undefined) throw new ElbError('ValidationError', 'A target group ARN must be specified for a forward action')
      this.targetGroup(action.targetGroupArn)
      return [{ type: 'forward', targetGroupArn: action.targetGroupArn }]
    }
    if (action.type === 'fixed-response') {
      const config = action.fixedResponseConfig
      if (config === undefined || !/^[2-5]\d\d$/.test(config.statusCode)) throw new ElbError('ValidationError', 'A fixed-response action needs a status code from 2XX to 5XX')
      return [{ type: 'fixed-response', fixedResponseConfig: { ...config } }]
    }
    throw new ElbError('ValidationError', `[SIM] lambda-sim simulates forward and fixed-response actions, not '${String(action.type)}'`)
  }

  /** AWS checks the function's resource policy when the function is registered. */
  private checkInvokePermission(functionArn: string, targetGroupArn: string): void {
    let record
    let qualifier: string | undefined
    try {
      const ref = this.functions.refOf(functionArn)
      record = this.functions.resolve(ref).record
      qualifier = ref.qualifier
    } catch {
      throw new ElbError('InvalidTargetException', `The following targets are not valid Lambda functions: '${functionArn}'`)
    }
    const policy = record.policies.get(qualifier === undefined || qualifier === '$LATEST' ? '' : qualifier)
    if (!policyAllows(policy, { principal: ELB_PRINCIPAL, sourceArn: targetGroupArn, sourceAccount: this.scope.accountId }, 'lambda:InvokeFunction')) {
      throw new ElbError('AccessDeniedException', `elasticloadbalancing principal does not have permission to invoke ${functionArn} from target group ${targetGroupArn}`)
    }
  }

  private loadBalancersUsing(targetGroupArn: string): string[] {
    const arns: string[] = []
    for (const lb of this.loadBalancers.values()) {
      const uses = [...lb.listeners.values()].some((listener) =>
        [...listener.description.defaultActions, ...listener.rules.flatMap((rule) => rule.actions)].some((action) => action.targetGroupArn === targetGroupArn),
      )
      if (uses) arns.push(lb.description.loadBalancerArn)
    }
    return arns
  }

  private targetGroupOutput(record: TargetGroupRecord): TargetGroup {
    return { ...record.description, loadBalancerArns: this.loadBalancersUsing(record.description.targetGroupArn) }
  }

  private loadBalancer(arn: string): LoadBalancerRecord {
    const record = this.loadBalancers.get(arn)
    if (record === undefined) throw new ElbError('LoadBalancerNotFoundException', 'One or more load balancers not found')
    return record
  }

  private targetGroup(arn: string): TargetGroupRecord {
    const record = this.targetGroups.get(arn)
    if (record === undefined) throw new ElbError('TargetGroupNotFoundException', 'One or more target groups not found')
    return record
  }

  private listener(arn: string): ListenerRecord {
    for (const lb of this.loadBalancers.values()) for (const listener of lb.listeners.values()) if (listener.description.listenerArn === arn) return listener
    throw new ElbError('ListenerNotFoundException', 'One or more listeners not found')
  }
}
