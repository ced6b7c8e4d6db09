/**
 * A handler's AWS SDK request carries `X-Amzn-Trace-Id` (the SDK's recursion-detection middleware
 * copies `_X_AMZN_TRACE_ID` into it inside Lambda). The bridge hands that header on to the service
 * it calls — the invoked function's parent, SQS's `AWSTraceHeader`, SNS, S3 and EventBridge
 * deliveries — and, for a sampled invocation, records the call as a subsegment (`namespace: 'aws'`)
 * whose id becomes the parent downstream, as X-Ray's SDK instrumentation does. The header's
 * `Lineage` field (one count per function the event has invoked) goes along either way: that is how SQS, SNS and S3
 * count a recursive loop through a handler's own requests (lambda-semantics §10.1).
 */
import type { Tracer } from '../observability/tracer.js'
import type { AwsHttpRequest, AwsHttpResponse, HandlerScope } from '../runtime/world/scope.js'
import { matchLambdaRoute } from './lambda-routes.js'
import { isS3Host, s3Target } from './s3-protocol.js'

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
  // S3 names the bucket before its own label (`photos.s3.us-east-1.amazonaws.com`): asked first.
  if (isS3Host(request.hostname)) return { service: 'S3', operation: s3OperationOf(request) }
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

const S3_BUCKET_VERBS: Readonly<Record<string, string>> = { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' }
const S3_OBJECT_VERBS: Readonly<Record<string, string>> = { GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }

/** The S3 operation a REST request calls (from its method, bucket and key, and sub-resource), for the subsegment. */
function s3OperationOf(request: AwsHttpRequest): string {
  const { bucket, key } = s3Target(request)
  const method = request.method.toUpperCase()
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(request.query, name)
  if (bucket === undefined) return 'ListBuckets'
  if (key === undefined) {
    if (has('notification')) return method === 'PUT' ? 'PutBucketNotificationConfiguration' : 'GetBucketNotificationConfiguration'
    if (has('delete')) return 'DeleteObjects'
    if (has('uploads')) return 'ListMultipartUploads'
    if (method === 'GET') return has('location') ? 'GetBucketLocation' : request.query['list-type'] === '2' ? 'ListObjectsV2' : 'ListObjects'
    return S3_BUCKET_VERBS[method] ?? 'Unknown'
  }
  if (has('uploads')) return 'CreateMultipartUpload'
  if (has('uploadId')) return method === 'PUT' ? 'UploadPart' : method === 'POST' ? 'CompleteMultipartUpload' : method === 'GET' ? 'ListParts' : 'AbortMultipartUpload'
  if (method === 'PUT') return request.headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject'
  return S3_OBJECT_VERBS[method] ?? 'Unknown'
}
