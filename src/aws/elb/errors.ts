/**
 * What Elastic Load Balancing's control plane answers (the query protocol): the exception (the SDK
 * v3 class name), AWS's error code, HTTP status and message.
 */
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type ElbErrorName =
  | 'ValidationError'
  | 'DuplicateLoadBalancerNameException'
  | 'DuplicateTargetGroupNameException'
  | 'DuplicateListenerException'
  | 'LoadBalancerNotFoundException'
  | 'TargetGroupNotFoundException'
  | 'ListenerNotFoundException'
  | 'RuleNotFoundException'
  | 'PriorityInUseException'
  | 'InvalidTargetException'
  | 'TooManyTargetsException'
  | 'ResourceInUseException'
  | 'InvalidConfigurationRequestException'
  | 'AccessDeniedException'

/** The wire code (`<Code>` of the query protocol's error), where it differs from the class name. */
const CODES: Partial<Record<ElbErrorName, string>> = {
  DuplicateLoadBalancerNameException: 'DuplicateLoadBalancerName',
  DuplicateTargetGroupNameException: 'DuplicateTargetGroupName',
  DuplicateListenerException: 'DuplicateListener',
  LoadBalancerNotFoundException: 'LoadBalancerNotFound',
  TargetGroupNotFoundException: 'TargetGroupNotFound',
  ListenerNotFoundException: 'ListenerNotFound',
  RuleNotFoundException: 'RuleNotFound',
  PriorityInUseException: 'PriorityInUse',
  InvalidTargetException: 'InvalidTarget',
  TooManyTargetsException: 'TooManyTargets',
  ResourceInUseException: 'ResourceInUse',
  InvalidConfigurationRequestException: 'InvalidConfigurationRequest',
  AccessDeniedException: 'AccessDenied',
}

const table: AwsErrorTable<ElbErrorName> = {
  statusByName: { LoadBalancerNotFoundException: 400, TargetGroupNotFoundException: 400, AccessDeniedException: 403 },
  faults: 'sender-receiver',
}

export class ElbError extends AwsError<ElbErrorName> {
  /** AWS's error code, as the CLI prints it: `An error occurred (TargetGroupNotFound) …`. */
  readonly code: string

  constructor(name: ElbErrorName, message: string) {
    super(table, name, message)
    this.code = CODES[name] ?? name
  }

  toJSON(): Record<string, unknown> {
    return { Type: this.type, Code: this.code, Message: this.message }
  }
}
