/**
 * Amazon EventBridge over the AWS JSON 1.1 protocol, as the AWS SDK for JavaScript v3 speaks it:
 * `POST /` with `x-amz-target: AWSEvents.<Operation>` and an `application/x-amz-json-1.1` body
 * (members by their API names; timestamps as epoch seconds). Each operation calls the
 * simulation's `EventBridgeService`.
 *
 * Errors are JSON 1.1 errors: HTTP 400 and `{"__type":"<Exception>","message":…}`. An
 * `EventBridgeError` is the service's answer; anything else thrown is a bug and propagates.
 * `PutEvents` reports per-entry failures in `Entries` (`ErrorCode` / `ErrorMessage`) and counts
 * them in `FailedEntryCount`, as AWS does.
 *
 * Scheduled rules (`ScheduleExpression`) run on the virtual clock (see docs/schedules.md).
 * [SIM] No tags, archives, replays, connections, API destinations, input transformers or
 * target retry/DLQ settings: such requests answer a `ValidationException` naming lambda-sim.
 * `TraceHeader` on an entry is accepted and ignored (there is no X-Ray).
 */
import type { SdkBackend } from './backend.js'
import type { EventBridgeRule, EventBridgeTarget } from '../aws/eventbridge/api.js'
import { EventBridgeError } from '../aws/eventbridge/errors.js'
import { matchesPattern, parsePattern } from '../model/event-pattern.js'
import { compact, jsonObject, serviceRequestId, targetOperation, textResponse } from './protocol-support.js'
import type { ServiceProtocol, WireResponse } from './wire.js'

const CONTENT_TYPE = 'application/x-amz-json-1.1'

type Input = Record<string, unknown>
type Operation = (sim: SdkBackend, input: Input) => Record<string, unknown>

function args<T>(members: Record<string, unknown>): T {
  return compact(members) as T
}

function validation(message: string): EventBridgeError {
  return new EventBridgeError('ValidationException', message)
}

/** Refuses members lambda-sim does not simulate instead of ignoring them. */
function refuse(input: Input, members: readonly string[], where: string): void {
  for (const member of members) {
    const value = input[member]
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      throw validation(`lambda-sim does not simulate ${member} on ${where}.`)
    }
  }
}

function objects(value: unknown): Input[] | undefined {
  if (!Array.isArray(value)) return value as undefined
  return value.map((item) => (item !== null && typeof item === 'object' ? (item as Input) : {}))
}

/** One page of a list (`Limit` 1–100, the token is the index of the next item). */
function page<T>(items: readonly T[], input: Input): { items: T[]; nextToken: string | undefined } {
  const limit = input['Limit']
  if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw validation(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`)
  }
  const token = input['NextToken']
  const start = token === undefined ? 0 : typeof token === 'string' && /^\d+$/.test(token) ? Number(token) : Number.NaN
  if (!(start >= 0 && start <= items.length)) throw validation('The NextToken provided is invalid.')
  const end = limit === undefined ? items.length : start + limit
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined }
}

function prefixed<T extends { name: string }>(items: readonly T[], prefix: unknown): T[] {
  return typeof prefix === 'string' ? items.filter((item) => item.name.startsWith(prefix)) : [...items]
}

function ruleOut(rule: EventBridgeRule): Record<string, unknown> {
  return compact({
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    EventBusName: rule.eventBusName,
  })
}

function targetOut(target: EventBridgeTarget): Record<string, unknown> {
  return compact({ Id: target.id, Arn: target.arn, RoleArn: target.roleArn, Input: target.input, InputPath: target.inputPath })
}

const TARGET_UNSIMULATED = [
  'InputTransformer',
  'KinesisParameters',
  'RunCommandParameters',
  'EcsParameters',
  'BatchParameters',
  'SqsParameters',
  'HttpParameters',
  'RedshiftDataParameters',
  'SageMakerPipelineParameters',
  'DeadLetterConfig',
  'RetryPolicy',
  'AppSyncParameters',
]

/** The envelope fields TestEventPattern requires of its event. */
const EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type']

/** Epoch seconds (the JSON protocols' timestamp form) to epoch milliseconds. */
function timeIn(value: unknown): unknown {
  return typeof value === 'number' ? Math.round(value * 1000) : value
}

const operations: Record<string, Operation> = {
  PutEvents: (sim, i) => {
    refuse(i, ['EndpointId'], 'PutEvents (global endpoints)')
    const entries = objects(i['Entries'])
    const result = sim.eventBridge.putEvents(
      args({
        entries: entries?.map((e) =>
          compact({ source: e['Source'], detailType: e['DetailType'], detail: e['Detail'], resources: e['Resources'], eventBusName: e['EventBusName'], time: timeIn(e['Time']) }),
        ),
      }),
    )
    return {
      FailedEntryCount: result.failedEntryCount,
      Entries: result.entries.map((entry) => ('eventId' in entry ? { EventId: entry.eventId } : { ErrorCode: entry.errorCode, ErrorMessage: entry.errorMessage })),
    }
  },
  CreateEventBus: (sim, i) => {
    refuse(i, ['EventSourceName', 'Description', 'KmsKeyIdentifier', 'DeadLetterConfig', 'LogConfig', 'Tags'], 'CreateEventBus')
    return { EventBusArn: sim.eventBridge.createEventBus(args({ name: i['Name'] })).eventBusArn }
  },
  DeleteEventBus: (sim, i) => (sim.eventBridge.deleteEventBus(args({ name: i['Name'] })), {}),
  DescribeEventBus: (sim, i) => {
    const bus = sim.eventBridge.describeEventBus(args({ name: i['Name'] }))
    return { Name: bus.name, Arn: bus.arn }
  },
  ListEventBuses: (sim, i) => {
    const { items, nextToken } = page(prefixed(sim.eventBridge.listEventBuses().eventBuses, i['NamePrefix']), i)
    return compact({ EventBuses: items.map((bus) => ({ Name: bus.name, Arn: bus.arn })), NextToken: nextToken })
  },
  PutRule: (sim, i) => {
    refuse(i, ['RoleArn', 'Tags'], 'PutRule')
    return {
      RuleArn: sim.eventBridge.putRule(
        args({ name: i['Name'], eventBusName: i['EventBusName'], eventPattern: i['EventPattern'], scheduleExpression: i['ScheduleExpression'], state: i['State'], description: i['Description'] }),
      ).ruleArn,
    }
  },
  DeleteRule: (sim, i) => (sim.eventBridge.deleteRule(args({ name: i['Name'], eventBusName: i['EventBusName'] })), {}),
  DescribeRule: (sim, i) => ({ ...ruleOut(sim.eventBridge.describeRule(args({ name: i['Name'], eventBusName: i['EventBusName'] }))), CreatedBy: sim.accountId }),
  EnableRule: (sim, i) => (sim.eventBridge.enableRule(args({ name: i['Name'], eventBusName: i['EventBusName'] })), {}),
  DisableRule: (sim, i) => (sim.eventBridge.disableRule(args({ name: i['Name'], eventBusName: i['EventBusName'] })), {}),
  ListRules: (sim, i) => {
    const rules = sim.eventBridge.listRules(args({ eventBusName: i['EventBusName'], namePrefix: i['NamePrefix'] })).rules
    const { items, nextToken } = page(rules, i)
    return compact({ Rules: items.map(ruleOut), NextToken: nextToken })
  },
  PutTargets: (sim, i) => {
    const targets = objects(i['Targets'])
    for (const target of targets ?? []) refuse(target, TARGET_UNSIMULATED, `target ${String(target['Id'])}`)
    const result = sim.eventBridge.putTargets(
      args({
        rule: i['Rule'],
        eventBusName: i['EventBusName'],
        targets: targets?.map((t) => compact({ id: t['Id'], arn: t['Arn'], input: t['Input'], inputPath: t['InputPath'], roleArn: t['RoleArn'] })),
      }),
    )
    return { FailedEntryCount: result.failedEntryCount, FailedEntries: result.failedEntries.map((f) => ({ TargetId: f.targetId, ErrorCode: f.errorCode, ErrorMessage: f.errorMessage })) }
  },
  RemoveTargets: (sim, i) => {
    const result = sim.eventBridge.removeTargets(args({ rule: i['Rule'], eventBusName: i['EventBusName'], ids: i['Ids'] }))
    return { FailedEntryCount: result.failedEntryCount, FailedEntries: result.failedEntries.map((f) => ({ TargetId: f.targetId, ErrorCode: f.errorCode, ErrorMessage: f.errorMessage })) }
  },
  ListRuleNamesByTarget: (sim, i) => {
    const target = i['TargetArn']
    if (typeof target !== 'string') throw validation("1 validation error detected: Value null at 'targetArn' failed to satisfy constraint: Member must not be null")
    const eventBusName = i['EventBusName']
    const names = sim.eventBridge
      .listRules(args({ eventBusName }))
      .rules.filter((rule) => sim.eventBridge.listTargetsByRule(args({ rule: rule.name, eventBusName })).targets.some((t) => t.arn === target))
      .map((rule) => rule.name)
    const { items, nextToken } = page(names, i)
    return compact({ RuleNames: items, NextToken: nextToken })
  },
  TestEventPattern: (_sim, i) => {
    const pattern = typeof i['EventPattern'] === 'string' ? parsePattern(i['EventPattern']) : undefined
    if (pattern === undefined) throw validation("1 validation error detected: Value null at 'eventPattern' failed to satisfy constraint: Member must not be null")
    if (!pattern.ok) throw new EventBridgeError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${pattern.reason}`)
    let event: unknown
    try {
      event = typeof i['Event'] === 'string' ? JSON.parse(i['Event']) : undefined
    } catch {
      event = undefined
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event) || EVENT_FIELDS.some((field) => !(field in event))) {
      throw validation('Parameter Event is not valid.')
    }
    return { Result: matchesPattern(pattern.pattern, event) }
  },
  ListTargetsByRule: (sim, i) => {
    const { items, nextToken } = page(sim.eventBridge.listTargetsByRule(args({ rule: i['Rule'], eventBusName: i['EventBusName'] })).targets, i)
    return compact({ Targets: items.map(targetOut), NextToken: nextToken })
  },
}

/** The operations the EventBridge protocol answers, for documentation and tests. */
export const EVENTBRIDGE_OPERATIONS: readonly string[] = Object.keys(operations)

function errorResponse(requestId: string, type: string, message: string): WireResponse {
  return textResponse(400, CONTENT_TYPE, requestId, JSON.stringify({ __type: type, message }))
}

export const eventBridgeProtocol: ServiceProtocol = async (sim, request, body) => {
  const requestId = serviceRequestId(sim)
  const name = targetOperation(request, 'AWSEvents')
  const operation = name === undefined ? undefined : operations[name]
  if (operation === undefined) {
    return errorResponse(requestId, 'UnknownOperationException', `lambda-sim does not simulate the EventBridge operation ${name ?? '(no x-amz-target header)'}.`)
  }
  const input = jsonObject(body)
  if (input === undefined) return errorResponse(requestId, 'SerializationException', 'The request body is not a JSON object.')
  try {
    return textResponse(200, CONTENT_TYPE, requestId, JSON.stringify(operation(sim, input)))
  } catch (error) {
    if (error instanceof EventBridgeError) return errorResponse(requestId, error.name, error.message)
    throw error
  }
}
