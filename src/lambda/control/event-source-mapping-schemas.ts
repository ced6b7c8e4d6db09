/**
 * The event source mapping operations' inputs, as zod schemas built from AWS's API model: every
 * range, pattern and enum comes from `generated/event-source-mapping-constraints.ts` (written by
 * `scripts/generate-aws-constraints.mjs`), none is typed here. What the model cannot say — the
 * per-source rules (SQS batch sizes, StartingPosition for streams, record age, filters) — is checked
 * by the service afterwards, as AWS does, with InvalidParameterValueException.
 */
import { z } from 'zod'
import { awsPattern } from '../../config/identifiers.js'
import { eventSourceMappingConstraints as C } from './generated/event-source-mapping-constraints.js'

/** One member's constraints as the generator writes them. */
interface MemberConstraints {
  readonly type: string
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
  readonly enum?: readonly string[]
  readonly member?: MemberConstraints
}

/** A string member: length bounds and the model's pattern (anchored: Coral matches the whole value). */
function stringOf(c: MemberConstraints): z.ZodString {
  let schema = z.string()
  if (c.min !== undefined && c.min > 0) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  if (c.pattern !== undefined) schema = schema.regex(new RegExp(`^(?:${c.pattern})$`), { message: awsPattern(c.pattern) })
  return schema
}

/** An integer member with the model's bounds. */
function integerOf(c: MemberConstraints): z.ZodNumber {
  let schema = z.number().int()
  if (c.min !== undefined) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  return schema
}

/** An enum member: the model's values, in the model's order (AWS prints them so). */
function enumOf<const T extends readonly [string, ...string[]]>(c: { readonly enum: T }): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(c.enum as unknown as [T[number], ...T[number][]]) as unknown as z.ZodEnum<{ [K in T[number]]: K }>
}

/** A list member with the model's length bounds. */
function listOf<T extends z.ZodType>(c: MemberConstraints, item: T): z.ZodArray<T> {
  let schema = z.array(item)
  if (c.min !== undefined && c.min > 0) schema = schema.min(c.min)
  if (c.max !== undefined) schema = schema.max(c.max)
  return schema
}

const create = C.CreateEventSourceMappingRequest
const update = C.UpdateEventSourceMappingRequest
const list = C.ListEventSourceMappingsRequest

const filter = z.object({ pattern: stringOf(C.Filter.Pattern).optional() }).strict()
export const filterCriteriaSchema = z.object({ filters: z.array(filter).optional() }).strict()
export const scalingConfigSchema = z.object({ maximumConcurrency: integerOf(C.ScalingConfig.MaximumConcurrency).optional() }).strict()
const metricsList = C.EventSourceMappingMetricsConfig.Metrics
export const esmMetricsConfigSchema = z.object({ metrics: listOf(metricsList, enumOf(metricsList.member)).optional() }).strict()
const destination = (c: MemberConstraints) => z.object({ destination: stringOf(c).optional() }).strict()
export const esmDestinationConfigSchema = z
  .object({ onSuccess: destination(C.OnSuccess.Destination).optional(), onFailure: destination(C.OnFailure.Destination).optional() })
  .strict()

/** `StartingPositionTimestamp`: a Date, or epoch seconds as the wire carries it. */
const timestamp = z.union([z.date(), z.number()])

/** The settings Create and Update share (Update cannot change the source or its starting position). */
const settings = {
  functionName: stringOf(create.FunctionName),
  enabled: z.boolean().optional(),
  batchSize: integerOf(create.BatchSize).optional(),
  filterCriteria: filterCriteriaSchema.optional(),
  scalingConfig: scalingConfigSchema.optional(),
  metricsConfig: esmMetricsConfigSchema.optional(),
  maximumBatchingWindowInSeconds: integerOf(create.MaximumBatchingWindowInSeconds).optional(),
  parallelizationFactor: integerOf(create.ParallelizationFactor).optional(),
  destinationConfig: esmDestinationConfigSchema.optional(),
  maximumRecordAgeInSeconds: integerOf(create.MaximumRecordAgeInSeconds).optional(),
  bisectBatchOnFunctionError: z.boolean().optional(),
  maximumRetryAttempts: integerOf(create.MaximumRetryAttempts).optional(),
  tumblingWindowInSeconds: integerOf(create.TumblingWindowInSeconds).optional(),
  functionResponseTypes: listOf(create.FunctionResponseTypes, enumOf(create.FunctionResponseTypes.member)).optional(),
}

export const createEventSourceMappingSchema = z
  .object({
    ...settings,
    eventSourceArn: stringOf(create.EventSourceArn).optional(),
    startingPosition: enumOf(create.StartingPosition).optional(),
    startingPositionTimestamp: timestamp.optional(),
  })
  .strict()

const uuid = stringOf(update.UUID)

export const updateEventSourceMappingSchema = z
  .object({
    ...settings,
    uuid,
    functionName: stringOf(update.FunctionName).optional(),
    batchSize: integerOf(update.BatchSize).optional(),
  })
  .strict()

export const eventSourceMappingLookupSchema = z.object({ uuid: stringOf(C.GetEventSourceMappingRequest.UUID) }).strict()

export const listEventSourceMappingsSchema = z
  .object({
    eventSourceArn: stringOf(list.EventSourceArn).optional(),
    functionName: stringOf(list.FunctionName).optional(),
    marker: z.string().optional(),
    maxItems: integerOf(list.MaxItems).optional(),
  })
  .strict()

export type CreateEventSourceMappingInput = z.input<typeof createEventSourceMappingSchema>
export type UpdateEventSourceMappingInput = z.input<typeof updateEventSourceMappingSchema>
export type EventSourceMappingLookupInput = z.input<typeof eventSourceMappingLookupSchema>
export type ListEventSourceMappingsInput = z.input<typeof listEventSourceMappingsSchema>
