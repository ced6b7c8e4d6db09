/**
 * Elastic Load Balancing (v2) as the simulation's users call it: `sim.elb`, with the
 * `ElasticLoadBalancingV2Client` verbs an Application Load Balancer in front of a Lambda function
 * needs — load balancers, target groups of type `lambda`, targets, listeners and their rules.
 * Names and shapes are AWS's, camel-cased. Requests reach a load balancer through
 * `sim.fetch('http://<dNSName>/…')` (or `https://` for an HTTPS listener).
 *
 * [SIM] Only `application` load balancers and `lambda` target groups; no health checks, no
 * security groups, subnets or certificates (an HTTPS listener needs none).
 */

export interface LoadBalancer {
  readonly loadBalancerArn: string
  /** `<name>-<digits>.<region>.elb.amazonaws.com` (`internal-…` for an internal scheme). */
  readonly dNSName: string
  readonly canonicalHostedZoneId: string
  /** ISO-8601, virtual time. */
  readonly createdTime: string
  readonly loadBalancerName: string
  readonly scheme: 'internet-facing' | 'internal'
  readonly type: 'application'
  readonly state: { readonly code: 'active' }
  readonly ipAddressType: 'ipv4'
}

export interface CreateLoadBalancerInput {
  /** 1–32 alphanumerics and hyphens; not starting with `internal-`, nor starting or ending with a hyphen. */
  readonly name: string
  /** Default `internet-facing`. */
  readonly scheme?: 'internet-facing' | 'internal'
  /** Only `application`. */
  readonly type?: 'application'
}

export interface TargetGroup {
  readonly targetGroupArn: string
  readonly targetGroupName: string
  readonly targetType: 'lambda'
  readonly healthCheckEnabled: boolean
  /** The load balancers whose listeners forward to it. */
  readonly loadBalancerArns: readonly string[]
}

export interface CreateTargetGroupInput {
  /** 1–32 alphanumerics and hyphens, not starting or ending with a hyphen. */
  readonly name: string
  /** Only `lambda`. */
  readonly targetType: 'lambda'
  /** Default false for `lambda` target groups (health checks are not simulated). */
  readonly healthCheckEnabled?: boolean
}

export interface TargetGroupAttribute {
  /** `lambda.multi_value_headers.enabled` (`true` / `false`) is the one that changes what a function sees. */
  readonly key: string
  readonly value: string
}

/** A target: for a `lambda` target group, a function ARN (unqualified, or with a version or alias). */
export interface TargetDescription {
  readonly id: string
}

export interface Action {
  readonly type: 'forward' | 'fixed-response'
  /** For `forward`. */
  readonly targetGroupArn?: string
  /** For `fixed-response`. */
  readonly fixedResponseConfig?: { readonly statusCode: string; readonly contentType?: string; readonly messageBody?: string }
}

export interface Listener {
  readonly listenerArn: string
  readonly loadBalancerArn: string
  readonly port: number
  readonly protocol: 'HTTP' | 'HTTPS'
  readonly defaultActions: readonly Action[]
}

export interface CreateListenerInput {
  readonly loadBalancerArn: string
  readonly protocol: 'HTTP' | 'HTTPS'
  /** 1–65535. */
  readonly port: number
  readonly defaultActions: readonly Action[]
}

/** `path-pattern` and `host-header` take `*` and `?` wildcards; `http-request-method` names methods. */
export interface RuleCondition {
  readonly field: 'path-pattern' | 'host-header' | 'http-request-method'
  readonly values: readonly string[]
}

export interface Rule {
  readonly ruleArn: string
  /** `'1'`–`'50000'`, or `'default'`. */
  readonly priority: string
  readonly conditions: readonly RuleCondition[]
  readonly actions: readonly Action[]
  readonly isDefault: boolean
}

export interface CreateRuleInput {
  readonly listenerArn: string
  /** 1–50,000; lower runs first. */
  readonly priority: number
  readonly conditions: readonly RuleCondition[]
  readonly actions: readonly Action[]
}

export interface ElbApi {
  createLoadBalancer(input: CreateLoadBalancerInput): { loadBalancers: LoadBalancer[] }
  describeLoadBalancers(input?: { loadBalancerArns?: readonly string[]; names?: readonly string[] }): { loadBalancers: LoadBalancer[] }
  deleteLoadBalancer(input: { loadBalancerArn: string }): void
  createTargetGroup(input: CreateTargetGroupInput): { targetGroups: TargetGroup[] }
  describeTargetGroups(input?: { targetGroupArns?: readonly string[]; names?: readonly string[]; loadBalancerArn?: string }): { targetGroups: TargetGroup[] }
  deleteTargetGroup(input: { targetGroupArn: string }): void
  modifyTargetGroupAttributes(input: { targetGroupArn: string; attributes: readonly TargetGroupAttribute[] }): { attributes: TargetGroupAttribute[] }
  describeTargetGroupAttributes(input: { targetGroupArn: string }): { attributes: TargetGroupAttribute[] }
  /**
   * Registers a function (one per `lambda` target group). As on AWS, the function's resource-based
   * policy must already let `elasticloadbalancing.amazonaws.com` invoke it from this target group.
   */
  registerTargets(input: { targetGroupArn: string; targets: readonly TargetDescription[] }): void
  deregisterTargets(input: { targetGroupArn: string; targets: readonly TargetDescription[] }): void
  describeTargetHealth(input: { targetGroupArn: string }): { targetHealthDescriptions: { target: TargetDescription; targetHealth: { state: 'unavailable' | 'healthy'; reason?: string } }[] }
  createListener(input: CreateListenerInput): { listeners: Listener[] }
  describeListeners(input: { loadBalancerArn?: string; listenerArns?: readonly string[] }): { listeners: Listener[] }
  deleteListener(input: { listenerArn: string }): void
  createRule(input: CreateRuleInput): { rules: Rule[] }
  describeRules(input: { listenerArn: string }): { rules: Rule[] }
  deleteRule(input: { ruleArn: string }): void
}
