/**
 * The function URL front door: `https://<url-id>.lambda-url.<region>.on.aws/…` answered as Lambda
 * answers it. In order:
 *
 * 1. CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) on a URL with
 *    `Cors`: answered 200 by Lambda itself; the function does not run.
 * 2. Auth: `AWS_IAM` needs a SigV4-signed request (an `Authorization: AWS4-HMAC-SHA256 …` header;
 *    the signature is not verified, and the signer is taken for the function's own account, whose
 *    identity-based policy is assumed to allow it). `NONE` needs the resource-based policy of the
 *    URL's function or alias to grant `*` both `lambda:InvokeFunctionUrl` (with
 *    `lambda:FunctionUrlAuthType` `NONE`) and `lambda:InvokeFunction` (as AWS requires of URLs
 *    made since October 2025). Refused: 403 `{"Message":"Forbidden"}`.
 * 3. The payload format 2.0 event; more than 6 MB → 413.
 * 4. A synchronous invocation (no integration timeout: the function's own timeout applies).
 *    Throttled → 429; a function error or timeout, a result 2.0 cannot read, or any other refusal
 *    → 502. Otherwise the response by 2.0's inference (`BUFFERED`), or the stream (`RESPONSE_STREAM`).
 * 5. CORS headers on the response, `x-amzn-RequestId`, and the URL metrics.
 */
import { frontDoorTraceHeader, type DoorContext, type DoorRequest, type DoorResponse, type HeaderLine, type HttpDoor } from '../../http/door.js'
import { payloadFormat2Event, payloadFormat2Response, SIMULATED_SOURCE_IP } from '../../http/payload-format-2.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import { policyAllows, type Caller } from '../../model/policy.js'
import type { EventBus } from '../../observability/bus.js'
import type { AccountScope } from '../../model/arn.js'
import { headerValue, isPreflight, preflightHeaders, withCorsHeaders } from './cors.js'
import { functionUrlHost, type FunctionUrl, type FunctionUrlService } from './function-url-configs.js'
import { bufferedPayloadJson, streamedResponse } from './response-stream.js'

/** A synchronous request's limit (the event as Lambda would send it), as for `Invoke`. */
export const URL_REQUEST_BYTES_MAX = 6 * 1024 * 1024

const encoder = new TextEncoder()

function jsonAnswer(status: number, body: unknown, requestId: string, extra: readonly HeaderLine[] = []): DoorResponse {
  return {
    status,
    headers: [['content-type', 'application/json'], ['x-amzn-RequestId', requestId], ...extra],
    body: encoder.encode(JSON.stringify(body)),
  }
}

/** What a client sees when the function fails or answers something 2.0 cannot read. */
function badGateway(requestId: string): DoorResponse {
  return { status: 502, headers: [['content-type', 'text/plain'], ['x-amzn-RequestId', requestId]], body: encoder.encode('Internal Server Error') }
}

/** The signer's access key id in a SigV4 `Authorization` header, if the request is signed. */
function sigV4AccessKey(headers: readonly HeaderLine[]): string | undefined {
  const authorization = headerValue(headers, 'authorization')
  if (authorization === undefined || !authorization.startsWith('AWS4-HMAC-SHA256 ')) return undefined
  return /Credential=([^/,\s]+)\//.exec(authorization)?.[1] ?? ''
}

export class FunctionUrlDoor implements HttpDoor {
  constructor(
    private readonly urls: FunctionUrlService,
    private readonly scope: AccountScope,
    private readonly bus: EventBus,
    /** Request ids and trace ids, from a stream of their own. */
    private readonly ids: IdFactory,
  ) {}

  serves(host: string): boolean {
    return this.urls.byHost(host) !== undefined
  }

  async handle(request: DoorRequest, context: DoorContext): Promise<DoorResponse> {
    const url = this.urls.byHost(request.url.hostname.toLowerCase())
    const arrivedMs = context.nowMs
    const requestId = this.ids.uuid()
    if (url === undefined) return jsonAnswer(403, { Message: 'Forbidden' }, requestId)
    const { response, executedVersion } = await this.answer(url, request, context, requestId)
    this.bus.emit({
      type: 'functionUrl.request',
      atMs: context.nowMs,
      functionName: url.functionName,
      qualifier: url.qualifier,
      ...(executedVersion !== undefined ? { executedVersion } : {}),
      status: response.status,
      latencyMs: context.nowMs - arrivedMs,
    })
    return response
  }

  private async answer(url: FunctionUrl, request: DoorRequest, context: DoorContext, requestId: string): Promise<{ response: DoorResponse; executedVersion?: string }> {
    const origin = headerValue(request.headers, 'origin')
    if (url.cors !== undefined && isPreflight(request.method, request.headers)) {
      return { response: { status: 200, headers: [...preflightHeaders(url.cors, request.headers), ['x-amzn-RequestId', requestId]], body: new Uint8Array() } }
    }
    const accessKey = sigV4AccessKey(request.headers)
    if (!this.authorized(url, accessKey)) return { response: jsonAnswer(403, { Message: 'Forbidden' }, requestId) }

    const domainName = functionUrlHost(url.urlId, this.scope.region)
    const event = payloadFormat2Event(request, {
      // An unauthenticated caller has no account: Lambda writes `anonymous` (AWS_IAM: the signer's).
      accountId: url.authType === 'AWS_IAM' ? this.scope.accountId : 'anonymous',
      apiId: url.urlId,
      domainName,
      requestId,
      nowMs: context.nowMs,
      ...(url.authType === 'AWS_IAM' ? { authorizer: { iam: this.iamIdentity(accessKey ?? '') } } : {}),
      addedHeaders: this.addedHeaders(request, domainName, context.nowMs),
    })
    const payloadJson = JSON.stringify(event)
    if (Buffer.byteLength(payloadJson, 'utf8') > URL_REQUEST_BYTES_MAX) return { response: jsonAnswer(413, { Message: 'Request Too Long' }, requestId) }

    const result = await context.invoke({ functionName: url.functionName, ...(url.qualifier !== undefined ? { qualifier: url.qualifier } : {}), payloadJson })
    if (result === 'timeout') return { response: badGateway(requestId) }
    const executedVersion = result.executedVersion
    const answered = this.fromResult(url, result, requestId)
    const headers = url.cors !== undefined ? withCorsHeaders(url.cors, origin, answered.headers) : answered.headers
    return { response: { ...answered, headers }, ...(executedVersion !== undefined ? { executedVersion } : {}) }
  }

  /** The client's response for an invocation's result. */
  private fromResult(url: FunctionUrl, result: InvokeResult, requestId: string): DoorResponse {
    if (result.error !== undefined) {
      if (result.error.name === 'TooManyRequestsException') return jsonAnswer(429, { Message: 'Rate Exceeded.' }, requestId)
      return badGateway(requestId)
    }
    if (result.functionError !== undefined) return badGateway(requestId)
    if (url.invokeMode === 'RESPONSE_STREAM') return streamedResponse(result, requestId) ?? badGateway(requestId)
    const read = payloadFormat2Response(bufferedPayloadJson(result))
    if (!read.ok) return badGateway(requestId)
    const headers: HeaderLine[] = [...read.headers]
    // A URL's response always has a content type: the function's, else JSON.
    if (headers.every(([name]) => name.toLowerCase() !== 'content-type')) headers.push(['content-type', 'application/json'])
    headers.push(['x-amzn-RequestId', requestId])
    return { status: read.status, headers, body: read.body }
  }

  /** Whether the request may invoke through the URL (see the file comment, step 2). */
  private authorized(url: FunctionUrl, accessKey: string | undefined): boolean {
    if (url.authType === 'AWS_IAM') return accessKey !== undefined
    const policy = url.record.policies.get(url.qualifier ?? '')
    const caller: Caller = { principal: 'anonymous', functionUrlAuthType: 'NONE', invokedViaFunctionUrl: 'true' }
    return policyAllows(policy, caller, 'lambda:InvokeFunctionUrl') && policyAllows(policy, caller, 'lambda:InvokeFunction')
  }

  /** `requestContext.authorizer.iam` for a signed request: the signer, as the function's own account. */
  private iamIdentity(accessKey: string): Record<string, unknown> {
    const accountId = this.scope.accountId
    return { accessKey, accountId, callerId: accountId, cognitoIdentity: null, principalOrgId: null, userArn: `arn:aws:iam::${accountId}:root`, userId: accountId }
  }

  /** The headers Lambda adds to what the client sent (the client's own win). */
  private addedHeaders(request: DoorRequest, host: string, nowMs: number): HeaderLine[] {
    const lines: HeaderLine[] = [
      ['host', host],
      ['x-amzn-tls-version', 'TLSv1.3'],
      ['x-amzn-tls-cipher-suite', 'TLS_AES_128_GCM_SHA256'],
      ['x-amzn-trace-id', frontDoorTraceHeader(nowMs, this.ids)],
      ['x-forwarded-proto', 'https'],
      ['x-forwarded-port', '443'],
      ['x-forwarded-for', SIMULATED_SOURCE_IP],
    ]
    if (request.body.byteLength > 0) lines.push(['content-length', String(request.body.byteLength)])
    return lines
  }
}
