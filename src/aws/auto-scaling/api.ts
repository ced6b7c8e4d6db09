/**
 * Application Auto Scaling as the simulation's users call it (`sim.autoScaling`): the service's verbs and
 * nothing of the machinery behind them. `AutoScalingService` implements it.
 */
import type { DeleteScalingPolicyInput, DeleteScheduledActionInput, DeregisterScalableTargetInput, DescribeScalableTargetsInput, DescribeScalingActivitiesInput, DescribeScalingPoliciesInput, DescribeScheduledActionsInput, PutScalingPolicyInput, PutScheduledActionInput, RegisterScalableTargetInput, ScalableTarget, ScalingActivity, ScalingPolicy, ScheduledAction } from './shapes.js'

export interface AutoScalingApi {
  registerScalableTarget(input: RegisterScalableTargetInput): { scalableTargetARN: string }
  deregisterScalableTarget(input: DeregisterScalableTargetInput): void
  describeScalableTargets(input?: DescribeScalableTargetsInput): { scalableTargets: ScalableTarget[] }
  putScalingPolicy(input: PutScalingPolicyInput): { policyARN: string; alarms: ScalingPolicy['alarms'] }
  deleteScalingPolicy(input: DeleteScalingPolicyInput): void
  describeScalingPolicies(input?: DescribeScalingPoliciesInput): { scalingPolicies: ScalingPolicy[] }
  putScheduledAction(input: PutScheduledActionInput): void
  deleteScheduledAction(input: DeleteScheduledActionInput): void
  describeScheduledActions(input?: DescribeScheduledActionsInput): { scheduledActions: ScheduledAction[] }
  describeScalingActivities(input?: DescribeScalingActivitiesInput): { scalingActivities: ScalingActivity[] }
}
