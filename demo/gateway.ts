/**
 * Scenario 6: an HTTP API in front of a function. API Gateway routes requests by their route key
 * (`GET /items/{id}`, `GET /legacy`, `GET /report`) to one Lambda function through a proxy
 * integration (payload format 2.0). The first request pays the function's cold start; the next one
 * is warm; a path no route matches is answered by the gateway without invoking anything; a result
 * that is not a valid proxy response becomes 500; a handler slower than the 30-second integration
 * timeout leaves the client with 503 while the function runs on (and keeps its environment busy,
 * so the next request needs a second, cold one). The same function behind a REST API answers the
 * same two failures as 502 and 504 (after 29 s): the two kinds of API word them differently.
 *
 * Every request goes through `sim.fetch`, as a client's `fetch` would. About a minute and a half of
 * virtual time, a few milliseconds of wall time.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { createSimulation, type InitContext, type InvocationCompletedEvent, type LambdaContext, type SimulationOptions } from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'

export const GATEWAY_SEED = 21
/** How long the report route takes: longer than either integration timeout. */
export const REPORT_MS = 40_000

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

/** `+mm:ss.mmm` since the start of the story. */
const clock = (ms: number): string => {
  const minutes = Math.floor(ms / 60_000)
  const seconds = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0')
  return `+${String(minutes).padStart(2, '0')}:${seconds}`
}

interface Row {
  readonly label: string
  readonly sentAtMs: number
  readonly status: number
  readonly body: string
  readonly waitedMs: number
  readonly tag: string
}

export async function runGatewayScenario(seed: number = GATEWAY_SEED, recording: Partial<SimulationOptions> = {}): Promise<ScenarioRun> {
  const sim = createSimulation({ seed, recordEvents: true, ...recording })
  const startMs = sim.nowMs
  /** The invocation each request led to, by the `x-demo` tag the client sends. */
  const invocationOf = new Map<string, string>()

  const fn = sim.createFunction({
    functionName: 'catalog',
    memorySize: 512,
    timeout: 60,
    code: {
      init: async (init: InitContext) => {
        await init.sleep(250) // loading the catalogue: a 250 ms cold start
        return async (event: APIGatewayProxyEventV2 | APIGatewayProxyEvent, context: LambdaContext) => {
          const tag = event.headers?.['x-demo']
          if (tag !== undefined) invocationOf.set(tag, context.awsRequestId)
          const path = 'rawPath' in event ? event.rawPath : event.path
          await context.sleep(40) // a database read
          if (path.endsWith('/report')) {
            await context.sleep(REPORT_MS) // a report that takes too long for any API
            return { statusCode: 200, body: 'report ready' }
          }
          // An old handler written for another platform: `statusCode` is not an HTTP status.
          if (path.endsWith('/legacy')) return { statusCode: 'OK', body: 'legacy answer' }
          const id = 'pathParameters' in event && event.pathParameters !== null ? event.pathParameters?.['id'] : undefined
          return { id, name: `item ${String(id)}` } // no statusCode: payload 2.0 infers a JSON 200
        }
      },
    },
  })

  // The HTTP API: one integration, three routes, the auto-deployed $default stage.
  const api = sim.apiGatewayV2.createApi({ name: 'catalog', protocolType: 'HTTP' })
  const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: fn.functionArn, payloadFormatVersion: '2.0' })
  for (const routeKey of ['GET /items/{id}', 'GET /legacy', 'GET /report']) {
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey, target: `integrations/${integration.integrationId}` })
  }
  sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true })

  // The same function behind a REST API, every path on {proxy+}, stage prod.
  const rest = sim.apiGateway.createRestApi({ name: 'catalog-rest' })
  const proxy = sim.apiGateway.createResource({ restApiId: rest.id, parentId: rest.rootResourceId, pathPart: '{proxy+}' })
  sim.apiGateway.putMethod({ restApiId: rest.id, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' })
  sim.apiGateway.putIntegration({
    restApiId: rest.id,
    resourceId: proxy.id,
    httpMethod: 'ANY',
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
  })
  sim.apiGateway.createDeployment({ restApiId: rest.id, stageName: 'prod' })
  const restUrl = sim.apiGateway.invokeUrl({ restApiId: rest.id, stageName: 'prod' })

  // Without these statements in the function's policy, both APIs would answer 500.
  for (const [statementId, apiId] of [
    ['http-api', api.apiId],
    ['rest-api', rest.id],
  ] as const) {
    sim.addPermission({
      functionName: 'catalog',
      statementId,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*`,
    })
  }

  const rows: Row[] = []
  const request = async (label: string, url: string): Promise<void> => {
    const tag = String(rows.length + 1)
    const sentAtMs = sim.nowMs
    const response = await sim.fetch(url, { headers: { 'x-demo': tag } })
    rows.push({ label, sentAtMs, status: response.status, body: await response.text(), waitedMs: sim.nowMs - sentAtMs, tag })
  }
  await request('HTTP API  GET /items/1', `${api.apiEndpoint}/items/1`)
  await sim.advance('1s')
  await request('HTTP API  GET /items/2', `${api.apiEndpoint}/items/2`)
  await request('HTTP API  GET /basket', `${api.apiEndpoint}/basket`)
  await request('HTTP API  GET /legacy', `${api.apiEndpoint}/legacy`)
  await request('HTTP API  GET /report', `${api.apiEndpoint}/report`)
  await request('REST API  GET /prod/legacy', `${restUrl}legacy`)
  await request('REST API  GET /prod/report', `${restUrl}report`)
  // The slow invocations are still running: let them finish before reading the record.
  await sim.runUntilIdle()

  const completions = new Map<string, InvocationCompletedEvent>()
  for (const event of sim.events()) if (event.type === 'invocation.completed') completions.set(event.requestId, event)
  const environments = new Map<string, string>()
  const functionCell = (row: Row): string => {
    const requestId = invocationOf.get(row.tag)
    const completed = requestId === undefined ? undefined : completions.get(requestId)
    if (completed === undefined) return 'not invoked'
    let env = environments.get(completed.logStreamName)
    if (env === undefined) environments.set(completed.logStreamName, (env = `env${environments.size + 1}`))
    return `${env} ${completed.coldStart ? 'cold' : 'warm'}, ${completed.status}, ran ${(completed.durationMs / 1000).toFixed(3)} s`
  }

  const out: string[] = []
  out.push(`lambda-sim HTTP API demo: API Gateway in front of a function (seed=${JSON.stringify(sim.seed)})`)
  out.push('Function "catalog": 512 MB, timeout 60 s; its init spends 250 ms; each request reads the database for 40 ms.')
  out.push(`HTTP API "catalog" (${api.apiEndpoint}): routes GET /items/{id}, GET /legacy, GET /report → the function, payload format 2.0, $default stage.`)
  out.push(`REST API "catalog-rest" (${restUrl}): ANY /{proxy+} → the same function, for comparison.`)
  out.push(`GET /legacy returns { statusCode: "OK" } (not an HTTP status); GET /report takes ${REPORT_MS / 1000} s.`)
  out.push('')
  out.push('== Requests through sim.fetch (time since start) ==')
  const header = ['#', 'sent', 'request', 'status', 'client waited', 'response body', 'function']
  const body = rows.map((row, i) => [String(i + 1), clock(row.sentAtMs - startMs), row.label, String(row.status), `${(row.waitedMs / 1000).toFixed(3)} s`, row.body, functionCell(row)])
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => (cells[c] ?? '').length)))
  const format = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()
  out.push(format(header), format(widths.map((w) => '-'.repeat(w))), ...body.map(format))
  out.push('')
  out.push('What to see:')
  out.push('  1 → 2: the first request pays the 250 ms init (cold start); the second reuses the environment (warm).')
  out.push('  3: no route matches GET /basket: the HTTP API answers 404 itself; the function never runs.')
  out.push('  4 and 6: the function succeeded, but its result is not a valid proxy response: HTTP API 500, REST API 502.')
  out.push('  5 and 7: the client stops waiting at the integration timeout (HTTP API 30 s → 503, REST API 29 s → 504);')
  out.push('           the function runs on to its end and is billed for it, holding its environment: request 6 needed a new one.')
  const invocations = [...completions.values()]
  const virtualMs = sim.nowMs - startMs
  out.push('')
  out.push(
    `Totals: ${rows.length} requests, ${invocations.length} invocations (${invocations.filter((e) => e.coldStart).length} cold starts), ` +
      `${rows.filter((r) => r.status < 400).length} answered 2xx; billed ${invocations.reduce((sum, e) => sum + e.billedDurationMs, 0)} ms; ` +
      `virtual time ${(virtualMs / 1000).toFixed(3)} s.`,
  )
  return { text: out.join('\n'), virtualMs, simulation: sim }
}
