/**
 * The Application Load Balancer front door: `http(s)://<dNSName>/…` answered as an ALB with a
 * Lambda target answers it. The listener on the request's port (none: the connection is refused)
 * picks an action by its rules (lowest priority first, else the default action); `forward` invokes
 * the target group's function synchronously as `elasticloadbalancing.amazonaws.com`.
 *
 * What a client gets, as ALB answers (its own HTML error pages, `server: awselb/2.0`):
 * - WebSocket upgrade → 400; request body over 1 MB → 413;
 * - no function registered → 503;
 * - a function error or timeout, a refused invocation (permission, throttle), a response that is
 *   malformed or over 1 MB → 502 (a throttle: 503 — [U] ALB's status for Lambda throttles);
 * - otherwise the function's `statusCode`, `statusDescription` (the reason phrase), headers and body.
 */
import { connectionRefused, frontDoorTraceHeader, type DoorContext, type DoorRequest, type DoorResponse, type HeaderLine, type HttpDoor } from '../../http/door.js'
import { SIMULATED_SOURCE_IP } from '../../http/payload-format-2.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Action } from './api.js'
import { ALB_PAYLOAD_BYTES_MAX, albEvent, albTargetResponse } from './alb-payload.js'
import { ELB_PRINCIPAL, ruleMatches, type ElbService } from './service.js'

const encoder = new TextEncoder()

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  413: 'Request Entity Too Large',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
}

/** ALB's own error page. */
function errorPage(status: number): DoorResponse {
  const title = `${status} ${REASONS[status] ?? ''}`.trim()
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`
  return { status, ...(REASONS[status] !== undefined ? { statusText: REASONS[status] } : {}), headers: [['server', 'awselb/2.0'], ['content-type', 'text/html']], body: encoder.encode(html) }
}

/**
 * ALB's default `X-Forwarded-For` processing (`append`): a client's own `X-Forwarded-For` reaches
 * the function with the client's address after it (`<sent>, 192.0.2.1`), in one line; without
 * one, the load balancer's added line carries the address alone.
 */
function withClientAddress(headers: readonly HeaderLine[]): HeaderLine[] {
  const isForwardedFor = ([name]: HeaderLine): boolean => name.toLowerCase() === 'x-forwarded-for'
  const sent = headers.filter(isForwardedFor)
  if (sent.length === 0) return [...headers]
  const joined: HeaderLine = [sent[0]?.[0] ?? 'x-forwarded-for', [...sent.map(([, value]) => value), SIMULATED_SOURCE_IP].join(', ')]
  const first = headers.findIndex(isForwardedFor)
  return headers.flatMap((line, at) => (at === first ? [joined] : isForwardedFor(line) ? [] : [line]))
}

export class AlbDoor implements HttpDoor {
  constructor(
    private readonly elb: ElbService,
    /** Trace ids, from a stream of their own. */
    private readonly ids: IdFactory,
  ) {}

  serves(host: string): boolean {
    return this.elb.byHost(host) !== undefined
  }

  async handle(request: DoorRequest, context: DoorContext): Promise<DoorResponse> {
    const host = request.url.hostname.toLowerCase()
    const lb = this.elb.byHost(host)
    const https = request.url.protocol === 'https:'
    const port = request.url.port === '' ? (https ? 443 : 80) : Number(request.url.port)
    const listener = lb?.listeners.get(port)
    if (lb === undefined || listener === undefined || (listener.description.protocol === 'HTTPS') !== https) throw connectionRefused(host, port)

    const upgrade = request.headers.find(([name]) => name.toLowerCase() === 'upgrade')?.[1]
    if (upgrade !== undefined && upgrade.toLowerCase() === 'websocket') return errorPage(400)
    if (request.body.byteLength > ALB_PAYLOAD_BYTES_MAX) return errorPage(413)

    const rule = listener.rules.find((candidate) => ruleMatches(candidate.conditions, request.method, host, request.url.pathname))
    const action = (rule?.actions ?? listener.description.defaultActions)[0] as Action
    if (action.type === 'fixed-response') {
      const config = action.fixedResponseConfig ?? { statusCode: '200' }
      return {
        status: Number(config.statusCode),
        headers: [['server', 'awselb/2.0'], ['content-type', config.contentType ?? 'text/plain; charset=utf-8']],
        body: encoder.encode(config.messageBody ?? ''),
      }
    }
    return this.forward(request, context, action.targetGroupArn ?? '', host, port, https)
  }

  private async forward(request: DoorRequest, context: DoorContext, targetGroupArn: string, host: string, port: number, https: boolean): Promise<DoorResponse> {
    const group = this.elb.targetGroupFor(targetGroupArn)
    if (group === undefined || group.target === undefined) return errorPage(503)
    const multiValue = group.attributes.get('lambda.multi_value_headers.enabled') === 'true'
    const added: HeaderLine[] = [
      ['host', host],
      ['x-amzn-trace-id', frontDoorTraceHeader(context.nowMs, this.ids)],
      ['x-forwarded-for', SIMULATED_SOURCE_IP],
      ['x-forwarded-port', String(port)],
      ['x-forwarded-proto', https ? 'https' : 'http'],
    ]
    if (request.body.byteLength > 0) added.push(['content-length', String(request.body.byteLength)])
    const event = albEvent({ ...request, headers: withClientAddress(request.headers) }, targetGroupArn, multiValue, added)
    const result = await context.invoke({ functionName: group.target, payloadJson: JSON.stringify(event), caller: { principal: ELB_PRINCIPAL, sourceArn: targetGroupArn } })
    if (result === 'timeout') return errorPage(504)
    if (result.error !== undefined) return errorPage(result.error.name === 'TooManyRequestsException' ? 503 : 502)
    if (result.functionError !== undefined) return errorPage(502)
    const read = albTargetResponse(result.payloadJson, multiValue)
    if (!read.ok) return errorPage(502)
    return { status: read.status, ...(read.statusText !== undefined ? { statusText: read.statusText } : {}), headers: read.headers, body: read.body }
  }
}
