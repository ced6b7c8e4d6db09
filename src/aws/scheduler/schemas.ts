/**
 * EventBridge Scheduler's request constraints. There is no Scheduler model in ../shared/aws-models,
 * so these few are written by hand from the EventBridge Scheduler API Reference (CreateSchedule,
 * Target, RetryPolicy, DeadLetterConfig, FlexibleTimeWindow, SqsParameters, EventBridgeParameters,
 * ListSchedules, CreateScheduleGroup): lengths, ranges, enums and patterns as it lists them.
 */
import { z } from 'zod'
import { schemasOnFirstUse } from '../../config/schema-on-first-use.js'

/** A pattern and the text AWS quotes when a value misses it. */
const pattern = (regex: RegExp, text: string) => ({ regex, text })

/** A string of `min`–`max` characters matching `regex` (Coral's words for each failure). */
function text(min: number, max: number, rule?: { regex: RegExp; text: string }) {
  let schema = z.string().min(min).max(max)
  if (rule !== undefined) schema = schema.regex(rule.regex, { message: `Member must satisfy regular expression pattern: ${rule.text}` })
  return schema
}

const NAME = pattern(/^[0-9a-zA-Z-_.]+$/, '^[0-9a-zA-Z-_.]+$')
const ROLE_ARN = pattern(/^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/, '^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$')
const SQS_ARN = pattern(/^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/, '^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$')
const CLIENT_TOKEN = pattern(/^[a-zA-Z0-9-_]+$/, '^[a-zA-Z0-9-_]+$')
const KMS_ARN = pattern(/^arn:aws(-[a-z]+)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[0-9a-zA-Z-_]*$/, 'arn:aws(-[a-z]+)?:kms:[a-z0-9\\-]+:\\d{12}:(key|alias)\\/[0-9a-zA-Z-_]*')

const GROUP_ARN = pattern(
  /^arn:aws(-[a-z]+)?:scheduler:[a-z0-9-]+:\d{12}:schedule-group\/[0-9a-zA-Z-_.]+$/,
  'arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+',
)

const date = () => z.union([z.date(), z.number()])

export const schedulerSchemas = schemasOnFirstUse(() => {
  const target = z
    .object({
      arn: text(1, 1600),
      roleArn: text(1, 1600, ROLE_ARN),
      // "The maximum size of the Input field is 256 KB" (counted here in characters).
      input: z.string().min(1).max(262_144).optional(),
      retryPolicy: z
        .object({
          maximumEventAgeInSeconds: z.number().int().min(60).max(86400).optional(),
          maximumRetryAttempts: z.number().int().min(0).max(185).optional(),
        })
        .strict()
        .optional(),
      deadLetterConfig: z.object({ arn: text(1, 1600, SQS_ARN).optional() }).strict().optional(),
      sqsParameters: z.object({ messageGroupId: text(1, 128).optional() }).strict().optional(),
      eventBridgeParameters: z.object({ detailType: text(1, 128), source: text(1, 256) }).strict().optional(),
    })
    .strict()
  const schedule = z
    .object({
      name: text(1, 64, NAME),
      groupName: text(1, 64, NAME).optional(),
      scheduleExpression: text(1, 256),
      scheduleExpressionTimezone: text(1, 50).optional(),
      startDate: date().optional(),
      endDate: date().optional(),
      description: z.string().max(512).optional(),
      state: z.enum(['ENABLED', 'DISABLED']).optional(),
      flexibleTimeWindow: z.object({ mode: z.enum(['OFF', 'FLEXIBLE']), maximumWindowInMinutes: z.number().int().min(1).max(1440).optional() }).strict(),
      target,
      actionAfterCompletion: z.enum(['NONE', 'DELETE']).optional(),
      kmsKeyArn: text(1, 2048, KMS_ARN).optional(),
      clientToken: text(1, 64, CLIENT_TOKEN).optional(),
    })
    .strict()
  const tag = z.object({ key: text(1, 128), value: text(1, 256) }).strict()
  const groupArn = text(1, 1224, GROUP_ARN)
  const page = { maxResults: z.number().int().min(1).max(100).optional(), nextToken: text(1, 2048).optional() }
  return {
    schedule,
    scheduleKey: z.object({ name: text(1, 64, NAME), groupName: text(1, 64, NAME).optional(), clientToken: text(1, 64, CLIENT_TOKEN).optional() }).strict(),
    listSchedules: z
      .object({ groupName: text(1, 64, NAME).optional(), namePrefix: text(1, 64, NAME).optional(), state: z.enum(['ENABLED', 'DISABLED']).optional(), ...page })
      .strict(),
    groupKey: z.object({ name: text(1, 64, NAME), clientToken: text(1, 64, CLIENT_TOKEN).optional() }).strict(),
    createGroup: z.object({ name: text(1, 64, NAME), tags: z.array(tag).min(1).max(200).optional(), clientToken: text(1, 64, CLIENT_TOKEN).optional() }).strict(),
    tagResource: z.object({ resourceArn: groupArn, tags: z.array(tag).min(1).max(200) }).strict(),
    untagResource: z.object({ resourceArn: groupArn, tagKeys: z.array(text(1, 128)).min(1).max(200) }).strict(),
    listTags: z.object({ resourceArn: groupArn }).strict(),
    listGroups: z.object({ namePrefix: text(1, 64, NAME).optional(), ...page }).strict(),
  }
})

export type ParsedScheduleInput = z.output<typeof schedulerSchemas.schedule>
