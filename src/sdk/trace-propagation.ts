/**
 * A handler's AWS SDK request carries `X-Amzn-Trace-Id` (the SDK's recursion-detection middleware
 * copies `_X_AMZN_TRACE_ID` into it inside Lambda). The bridge hands that header on to the service
 * it calls — the invoked function's parent, SQS's `AWSTraceHeader`, SNS and EventBridge deliveries —
 * and, for a sampled invocation, records the call as a subsegment (`namespace: 'aws'`) whose id
 * becomes the parent downstream, as X-Ray's SDK instrumentation does.
 */
import type { Tracer } from '../observability/tracer.js'
import type { AwsHttpRequest, AwsHttpResponse, HandlerScope } from '../runtime/world/scope.js'
import { matchLambdaRoute } from './lambda-routes.js'

/** The services by their endpoint's first label, as X-Ray names them. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  lambda: 'Lambda',
  sqs: 'SQS',
  sns: 'SNS',
  events: 'EventBridge',
  kinesis: 'Kinesis',
}

/** Answers a handler's AWS request (`answer`) with its trace header handed on, and recorded when sampled. */
export function answerTraced(
  tracer: Tracer,
  scope: HandlerScope,
  request: AwsHttpRequest,
  answer: () => Promise<AwsHttpResponse> | undefined,
): Promise<AwsHttpResponse> | undefined {
  const header = request.headers['x-amzn-trace-id']
  // No header (init code, a client outside Lambda's conventions): nothing to hand on.
  if (header === undefined) return answer()
  const row = scope.traceRow ?? -1
  if (row < 0) return tracer.downstream(-1, header, '', '', responseStatus, answer)
  const { service, operation } = operationOf(request)
  return tracer.downstream(row, header, service, operation, responseStatus, answer)
}

const responseStatus = (response: AwsHttpResponse): number => response.statusCode

/** The service and operation a request calls (`SQS` / `SendMessage`), for the subsegment. */
export function operationOf(request: AwsHttpRequest): { service: string; operation: string } {
  const labels = request.hostname.toLowerCase().split('.')
  const first = (labels[0] ?? '').replace(/-fips$/, '')
  const service = SERVICE_NAMES[first] ?? (labels.includes('queue') ? 'SQS' : labels.includes('kinesis') ? 'Kinesis' : first)
  const target = request.headers['x-amz-target']
  if (target !== undefined) return { service, operation: target.slice(target.lastIndexOf('.') + 1) }
  if (service === 'Lambda') {
    const query: Record<string, string> = {}
    for (const [key, value] of Object.entries(request.query)) query[key] = Array.isArray(value) ? (value[0] ?? '') : value
    const route = matchLambdaRoute(request.method, request.path, query)
    return { service, operation: 'operation' in route ? route.operation : 'Unknown' }
  }
  const action = /(?:^|&)Action=([^&]*)/.exec(new TextDecoder().decode(request.body))?.[1]
  return { service, operation: action !== undefined ? decodeURIComponent(action) : 'Unknown' }
}
