/**
 * The event source mapping operations' inputs, as zod schemas built from AWS's API model: every
 * range, pattern and enum comes from `generated/event-source-mapping-constraints.ts` (written by
 * `scripts/generate-aws-constraints.mjs`), none is typed here. What the model cannot say — the
 * per-source rules (SQS batch sizes, StartingPosition for streams, record age, filters) — is checked
 * by the service afterwards, as AWS does, with InvalidParameterValueException.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { enumOf, integerOf, listOf, stringOf, type MemberConstraints } from '../../config/model-constraints.js'
import { eventSourceMappingConstraints as C } from './generated/event-source-mapping-constraints.js'

const create = C.CreateEventSourceMappingRequest
const update = C.UpdateEventSourceMappingRequest
const list = C.ListEventSourceMappingsRequest

const filter = schemaOnFirstUse(() => z.object({ pattern: stringOf(C.Filter.Pattern).optional() }).strict())
export const filterCriteriaSchema = schemaOnFirstUse(() => z.object({ filters: z.array(filter).optional() }).strict())
export const scalingConfigSchema = schemaOnFirstUse(() => z.object({ maximumConcurrency: integerOf(C.ScalingConfig.MaximumConcurrency).optional() }).strict())
const metricsList = C.EventSourceMappingMetricsConfig.Metrics
export const esmMetricsConfigSchema = schemaOnFirstUse(() => z.object({ metrics: listOf(metricsList, enumOf(metricsList.member)).optional() }).strict())
const destination = (c: MemberConstraints) => z.object({ destination: stringOf(c).optional() }).strict()
export const esmDestinationConfigSchema = schemaOnFirstUse(() => z
  .object({ onSuccess: destination(C.OnSuccess.Destination).optional(), onFailure: destination(C.OnFailure.Destination).optional() })
  .strict())

/** `StartingPositionTimestamp`: a Date, or epoch seconds as the wire carries it. */
const timestamp = schemaOnFirstUse(() => z.union([z.date(), z.number()]))

/** The settings Create and Update share (Update cannot change the source or its starting position). */
const settings = () => ({
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
})

export const createEventSourceMappingSchema = schemaOnFirstUse(() => z
  .object({
    ...settings(),
    eventSourceArn: stringOf(create.EventSourceArn).optional(),
    startingPosition: enumOf(create.StartingPosition).optional(),
    startingPositionTimestamp: timestamp.optional(),
  })
  .strict())

const uuid = schemaOnFirstUse(() => stringOf(update.UUID))

export const updateEventSourceMappingSchema = schemaOnFirstUse(() => z
  .object({
    ...settings(),
    uuid,
    functionName: stringOf(update.FunctionName).optional(),
    batchSize: integerOf(update.BatchSize).optional(),
  })
  .strict())

export const eventSourceMappingLookupSchema = schemaOnFirstUse(() => z.object({ uuid: stringOf(C.GetEventSourceMappingRequest.UUID) }).strict())

export const listEventSourceMappingsSchema = schemaOnFirstUse(() => z
  .object({
    eventSourceArn: stringOf(list.EventSourceArn).optional(),
    functionName: stringOf(list.FunctionName).optional(),
    marker: z.string().optional(),
    maxItems: integerOf(list.MaxItems).optional(),
  })
  .strict())

export type CreateEventSourceMappingInput = z.input<typeof createEventSourceMappingSchema>
export type UpdateEventSourceMappingInput = z.input<typeof updateEventSourceMappingSchema>
export type EventSourceMappingLookupInput = z.input<typeof eventSourceMappingLookupSchema>
export type ListEventSourceMappingsInput = z.input<typeof listEventSourceMappingsSchema>
