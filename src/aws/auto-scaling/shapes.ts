/**
 * The shapes of Application Auto Scaling's API: the request schemas (AWS's constraints), the input
 * types derived from them, and the records the service returns. `api.ts` and `service.ts` both
 * import them.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'

// ---------------------------------------------------------------- schemas

export const SCALABLE_DIMENSION = 'lambda:function:ProvisionedConcurrency' as const
const namespace = schemaOnFirstUse(() => z.enum(['lambda']))
const dimension = schemaOnFirstUse(() => z.enum([SCALABLE_DIMENSION]))
const resourceId = schemaOnFirstUse(() => z.string().min(1).max(1600))
const capacity = schemaOnFirstUse(() => z.number().int().min(0))
const name = schemaOnFirstUse(() => z.string().min(1).max(256))
const time = schemaOnFirstUse(() => z.union([z.number(), z.date()]))

export const registerScalableTargetSchema = schemaOnFirstUse(() => z
  .object({
    serviceNamespace: namespace,
    resourceId,
    scalableDimension: dimension,
    minCapacity: capacity.optional(),
    maxCapacity: capacity.optional(),
    roleARN: z.string().optional(),
  })
  .strict())
export const targetKeySchema = schemaOnFirstUse(() => z.object({ serviceNamespace: namespace, resourceId, scalableDimension: dimension }).strict())
export const describeScalableTargetsSchema = schemaOnFirstUse(() => z
  .object({ serviceNamespace: namespace.optional(), resourceIds: z.array(resourceId).optional(), scalableDimension: dimension.optional() })
  .strict())

export const putScalingPolicySchema = schemaOnFirstUse(() => z
  .object({
    policyName: name,
    serviceNamespace: namespace,
    resourceId,
    scalableDimension: dimension,
    policyType: z.enum(['TargetTrackingScaling']),
    targetTrackingScalingPolicyConfiguration: z
      .object({
        targetValue: z.number().positive(),
        predefinedMetricSpecification: z.object({ predefinedMetricType: z.enum(['LambdaProvisionedConcurrencyUtilization']), resourceLabel: z.string().optional() }).strict(),
        scaleOutCooldown: z.number().int().min(0).optional(),
        scaleInCooldown: z.number().int().min(0).optional(),
        disableScaleIn: z.boolean().optional(),
      })
      .strict(),
  })
  .strict())
export const scalingPolicyKeySchema = schemaOnFirstUse(() => z.object({ policyName: name, serviceNamespace: namespace, resourceId, scalableDimension: dimension }).strict())
export const describeScalingPoliciesSchema = schemaOnFirstUse(() => z
  .object({ serviceNamespace: namespace.optional(), policyNames: z.array(name).optional(), resourceId: resourceId.optional(), scalableDimension: dimension.optional() })
  .strict())

export const putScheduledActionSchema = schemaOnFirstUse(() => z
  .object({
    serviceNamespace: namespace,
    scheduledActionName: name,
    resourceId,
    scalableDimension: dimension,
    schedule: z.string().min(1).max(1600),
    scalableTargetAction: z.object({ minCapacity: capacity.optional(), maxCapacity: capacity.optional() }).strict().optional(),
    startTime: time.optional(),
    endTime: time.optional(),
    // An IANA zone name (AWS: "the canonical names of the IANA time zones"); checked against Intl by the service.
    timezone: z.string().min(1).max(1600).optional(),
  })
  .strict())
export const scheduledActionKeySchema = schemaOnFirstUse(() => z.object({ serviceNamespace: namespace, scheduledActionName: name, resourceId, scalableDimension: dimension }).strict())
export const describeScheduledActionsSchema = schemaOnFirstUse(() => z
  .object({
    serviceNamespace: namespace.optional(),
    scheduledActionNames: z.array(name).optional(),
    resourceId: resourceId.optional(),
    scalableDimension: dimension.optional(),
  })
  .strict())
export const describeScalingActivitiesSchema = schemaOnFirstUse(() => z
  .object({ serviceNamespace: namespace.optional(), resourceId: resourceId.optional(), scalableDimension: dimension.optional() })
  .strict())

export type RegisterScalableTargetInput = z.input<typeof registerScalableTargetSchema>
export type DeregisterScalableTargetInput = z.input<typeof targetKeySchema>
export type DescribeScalableTargetsInput = z.input<typeof describeScalableTargetsSchema>
export type PutScalingPolicyInput = z.input<typeof putScalingPolicySchema>
export type DeleteScalingPolicyInput = z.input<typeof scalingPolicyKeySchema>
export type DescribeScalingPoliciesInput = z.input<typeof describeScalingPoliciesSchema>
export type PutScheduledActionInput = z.input<typeof putScheduledActionSchema>
export type DeleteScheduledActionInput = z.input<typeof scheduledActionKeySchema>
export type DescribeScheduledActionsInput = z.input<typeof describeScheduledActionsSchema>
export type DescribeScalingActivitiesInput = z.input<typeof describeScalingActivitiesSchema>

// ---------------------------------------------------------------- outputs

export interface ScalableTarget {
  readonly serviceNamespace: 'lambda'
  readonly resourceId: string
  readonly scalableDimension: typeof SCALABLE_DIMENSION
  readonly minCapacity: number
  readonly maxCapacity: number
  readonly roleARN: string
  readonly scalableTargetARN: string
  /** Virtual epoch ms. */
  readonly creationTime: number
  readonly suspendedState: { readonly dynamicScalingInSuspended: false; readonly dynamicScalingOutSuspended: false; readonly scheduledScalingSuspended: false }
}

export interface TargetTrackingScalingPolicyConfiguration {
  readonly targetValue: number
  readonly predefinedMetricSpecification: { readonly predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' }
  readonly scaleOutCooldown?: number
  readonly scaleInCooldown?: number
  readonly disableScaleIn?: boolean
}

export interface ScalingPolicy {
  readonly policyARN: string
  readonly policyName: string
  readonly serviceNamespace: 'lambda'
  readonly resourceId: string
  readonly scalableDimension: typeof SCALABLE_DIMENSION
  readonly policyType: 'TargetTrackingScaling'
  readonly targetTrackingScalingPolicyConfiguration: TargetTrackingScalingPolicyConfiguration
  readonly alarms: readonly { readonly alarmName: string; readonly alarmARN: string }[]
  /** Virtual epoch ms. */
  readonly creationTime: number
}

export interface ScheduledAction {
  readonly scheduledActionName: string
  readonly scheduledActionARN: string
  readonly serviceNamespace: 'lambda'
  readonly schedule: string
  readonly resourceId: string
  readonly scalableDimension: typeof SCALABLE_DIMENSION
  readonly scalableTargetAction: { readonly minCapacity?: number; readonly maxCapacity?: number }
  readonly startTime?: number
  readonly endTime?: number
  /** The IANA zone `at(…)` and `cron(…)` are read in, when one was given (UTC otherwise). */
  readonly timezone?: string
  /** Virtual epoch ms. */
  readonly creationTime: number
}

export type ScalingActivityStatus = 'InProgress' | 'Successful' | 'Failed'

export interface ScalingActivity {
  readonly activityId: string
  readonly serviceNamespace: 'lambda'
  readonly resourceId: string
  readonly scalableDimension: typeof SCALABLE_DIMENSION
  readonly description: string
  readonly cause: string
  /** Virtual epoch ms. */
  readonly startTime: number
  readonly endTime?: number
  readonly statusCode: ScalingActivityStatus
  readonly statusMessage?: string
}
