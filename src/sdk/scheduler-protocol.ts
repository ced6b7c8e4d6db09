/**
 * Amazon EventBridge Scheduler over REST-JSON (restJson1), as `@aws-sdk/client-scheduler` speaks it
 * at `scheduler.<region>.amazonaws.com`: the operation is the method and path (`POST
 * /schedules/{Name}`, `GET /schedule-groups?NamePrefix=…`), members travel in the JSON body by
 * their API names or in the query, timestamps are epoch seconds. Each operation calls the
 * simulation's `SchedulerService` (`sim.scheduler`).
 *
 * Errors: the status AWS uses (400, 404, 409), the exception in `x-amzn-errortype`, and
 * `{ "Message": … }`. A `SchedulerError` is the service's answer; anything else thrown is a bug and
 * propagates. [SIM] The targets' ECS, Kinesis and SageMaker parameters answer a
 * `ValidationException` naming lambda-sim.
 */
import type { Schedule, ScheduleGroup, ScheduleInput, ScheduleTag } from '../aws/scheduler/api.js'
import { SchedulerError } from '../aws/scheduler/errors.js'
import type { SdkBackend } from './backend.js'
import { compact, jsonObject, serviceRequestId } from './protocol-support.js'
import type { ServiceProtocol, WireRequest, WireResponse } from './wire.js'

type Json = Record<string, unknown>

const encoder = new TextEncoder()

function response(statusCode: number, requestId: string, body: unknown, headers: Record<string, string> = {}): WireResponse {
  return { statusCode, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...headers }, body: encoder.encode(JSON.stringify(body)) }
}

const notSimulated = (what: string) => new SchedulerError('ValidationException', `lambda-sim does not simulate ${what}.`)

/** `Arn` → `arn`, deeply (the facade's shapes are the API's in camelCase). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel)
  if (value === null || typeof value !== 'object') return value
  const out: Json = {}
  for (const [key, member] of Object.entries(value)) out[key.charAt(0).toLowerCase() + key.slice(1)] = camel(member)
  return out
}

/** `arn` → `Arn`, deeply; a Date becomes epoch seconds. */
function pascal(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map(pascal)
  if (value === null || typeof value !== 'object') return value
  const out: Json = {}
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key.charAt(0).toUpperCase() + key.slice(1)] = pascal(member)
  return out
}

const UNSIMULATED_TARGET_MEMBERS = ['EcsParameters', 'KinesisParameters', 'SageMakerPipelineParameters', 'EventBridgePutEventsV2Parameters', 'EventBridgePutRawEventsParameters']

/** A CreateSchedule / UpdateSchedule body as the facade's input. */
function scheduleInput(name: string, body: Json): ScheduleInput {
  const target = body['Target']
  if (target !== null && typeof target === 'object') {
    for (const member of UNSIMULATED_TARGET_MEMBERS) if ((target as Json)[member] !== undefined) throw notSimulated(`${member} on a schedule's target`)
  }
  const { StartDate, EndDate, ...rest } = body
  const seconds = (value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) : value)
  return compact({ ...(camel(rest) as Json), name, startDate: seconds(StartDate), endDate: seconds(EndDate) }) as unknown as ScheduleInput
}

function queryValue(request: WireRequest, name: string): string | undefined {
  const value = request.query?.[name]
  if (value === undefined || value === null) return undefined
  return Array.isArray(value) ? value[0] : value
}

function maxResults(request: WireRequest): number | undefined {
  const text = queryValue(request, 'MaxResults')
  return text === undefined ? undefined : Number(text)
}

function scheduleOut(schedule: Schedule): Json {
  return pascal(schedule) as Json
}

function groupOut(group: ScheduleGroup): Json {
  return pascal(group) as Json
}

type Route = (sim: SdkBackend, request: WireRequest, body: Json, name: string | undefined) => Json

const routes: Record<string, Route> = {
  'POST /schedules/{Name}': (sim, _r, body, name) => ({ ScheduleArn: sim.scheduler.createSchedule(scheduleInput(name as string, body)).scheduleArn }),
  'PUT /schedules/{Name}': (sim, _r, body, name) => ({ ScheduleArn: sim.scheduler.updateSchedule(scheduleInput(name as string, body)).scheduleArn }),
  'GET /schedules/{Name}': (sim, r, _b, name) => scheduleOut(sim.scheduler.getSchedule(compact({ name: name as string, groupName: queryValue(r, 'groupName') }))),
  'DELETE /schedules/{Name}': (sim, r, _b, name) => {
    sim.scheduler.deleteSchedule(compact({ name: name as string, groupName: queryValue(r, 'groupName'), clientToken: queryValue(r, 'clientToken') }))
    return {}
  },
  'GET /schedules': (sim, r) => {
    const listed = sim.scheduler.listSchedules(
      compact({
        groupName: queryValue(r, 'ScheduleGroup'),
        namePrefix: queryValue(r, 'NamePrefix'),
        state: queryValue(r, 'State') as 'ENABLED' | 'DISABLED' | undefined,
        nextToken: queryValue(r, 'NextToken'),
        maxResults: maxResults(r),
      }),
    )
    return compact({ Schedules: listed.schedules.map((s) => pascal(s)), NextToken: listed.nextToken })
  },
  'POST /schedule-groups/{Name}': (sim, _r, body, name) => ({
    ScheduleGroupArn: sim.scheduler.createScheduleGroup(compact({ ...(camel(body) as Json), name: name as string }) as { name: string }).scheduleGroupArn,
  }),
  'POST /tags/{Name}': (sim, _r, body, arn) => (sim.scheduler.tagResource({ ...(camel(body) as { tags: ScheduleTag[] }), resourceArn: arn as string }), {}),
  'DELETE /tags/{Name}': (sim, r, _b, arn) => {
    const keys = r.query?.['TagKeys']
    sim.scheduler.untagResource({ resourceArn: arn as string, tagKeys: keys === undefined || keys === null ? [] : Array.isArray(keys) ? keys : [keys] })
    return {}
  },
  'GET /tags/{Name}': (sim, _r, _b, arn) => ({ Tags: pascal(sim.scheduler.listTagsForResource({ resourceArn: arn as string }).tags) }),
  'GET /schedule-groups/{Name}': (sim, _r, _b, name) => groupOut(sim.scheduler.getScheduleGroup({ name: name as string })),
  'DELETE /schedule-groups/{Name}': (sim, r, _b, name) => {
    sim.scheduler.deleteScheduleGroup(compact({ name: name as string, clientToken: queryValue(r, 'clientToken') }))
    return {}
  },
  'GET /schedule-groups': (sim, r) => {
    const listed = sim.scheduler.listScheduleGroups(compact({ namePrefix: queryValue(r, 'NamePrefix'), nextToken: queryValue(r, 'NextToken'), maxResults: maxResults(r) }))
    return compact({ ScheduleGroups: listed.scheduleGroups.map(groupOut), NextToken: listed.nextToken })
  },
}

/** The operations the Scheduler protocol answers, by their AWS names (for documentation and tests). */
export const SCHEDULER_OPERATIONS: readonly string[] = [
  'CreateSchedule',
  'UpdateSchedule',
  'GetSchedule',
  'DeleteSchedule',
  'ListSchedules',
  'CreateScheduleGroup',
  'GetScheduleGroup',
  'DeleteScheduleGroup',
  'ListScheduleGroups',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
]

/** `GET /schedules/nightly` → the route key and the decoded label. */
function routeOf(request: WireRequest): { key: string; name: string | undefined } {
  const path = request.path.replace(/\/+$/, '')
  const match = /^\/(schedules|schedule-groups|tags)(?:\/([^/]+))?$/.exec(path)
  if (match === null) return { key: `${request.method} ${path}`, name: undefined }
  const label = match[2]
  return { key: `${request.method.toUpperCase()} /${match[1] as string}${label !== undefined ? '/{Name}' : ''}`, name: label === undefined ? undefined : decodeURIComponent(label) }
}

export const schedulerProtocol: ServiceProtocol = async (sim, request, body) => {
  const requestId = serviceRequestId(sim)
  const { key, name } = routeOf(request)
  const route = routes[key]
  if (route === undefined) {
    return response(400, requestId, { Message: `lambda-sim does not simulate the EventBridge Scheduler request ${key}.` }, { 'x-amzn-errortype': 'UnknownOperationException' })
  }
  const input = jsonObject(body)
  if (input === undefined) return response(400, requestId, { Message: 'The request body is not a JSON object.' }, { 'x-amzn-errortype': 'ValidationException' })
  try {
    return response(200, requestId, route(sim, request, input, name))
  } catch (error) {
    if (error instanceof SchedulerError) return response(error.statusCode, requestId, error.toJSON(), { 'x-amzn-errortype': error.name })
    throw error
  }
}
