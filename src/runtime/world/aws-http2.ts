/**
 * AWS SDK clients that speak HTTP/2 inside handlers. Some clients (Kinesis's `KinesisClient`) send
 * every request through `NodeHttp2Handler`, i.e. `http2.connect`, which `@mswjs/interceptors` does
 * not catch. While a handler's scope is current, `http2.connect` to an AWS endpoint returns a
 * simulated session instead: no socket, no TLS, no lookup. Each request on it is answered by the
 * scope current *when the request is made* (a module-scope client's pooled session serves every
 * later invocation of its environment), through the same answerer as HTTP/1.1 requests.
 * Everything else — `http2.connect` outside every handler, or to a host that is not AWS — is the
 * real `http2.connect` (a handler's real connection is then an escape, as for any socket).
 */
import http2 from 'node:http2'
import { EventEmitter } from 'node:events'
import { Duplex } from 'node:stream'
import { currentScope, runOutsideScope, type AwsHttpRequest, type AwsHttpResponse, type HandlerScope } from './scope.js'

/** Whether a host is an AWS endpoint, and how to name its service (from `aws-http.ts`). */
export interface Http2HostRules {
  isAwsHost(hostname: string): boolean
  awsServiceLabel(hostname: string): string
}

function queryOf(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of search) {
    const seen = query[key]
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return query
}

/** One request on a simulated session: the body is collected, then the scope answers. */
class SimulatedHttp2Stream extends Duplex {
  rstCode = 0
  private readonly chunks: Buffer[] = []

  constructor(
    private readonly origin: URL,
    private readonly headers: Record<string, unknown>,
    private readonly rules: Http2HostRules,
  ) {
    super()
  }

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array))
    callback()
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback()
    void this.respond()
  }

  override _read(): void {}

  /** Timers of the HTTP/2 handler (socket timeouts) have nothing to time here. */
  readonly setTimeout = (): this => this

  close(): void {
    this.destroy()
  }

  private async respond(): Promise<void> {
    const scope = currentScope()
    const rawPath = String(this.headers[':path'] ?? '/')
    const url = new URL(rawPath, this.origin)
    const plain: Record<string, string> = {}
    for (const [key, value] of Object.entries(this.headers)) if (!key.startsWith(':') && value !== undefined) plain[key.toLowerCase()] = String(value)
    const target = `${String(this.headers[':method'] ?? 'GET')} ${this.origin.origin}${url.pathname}`
    if (scope === undefined) {
      this.destroy(new Error(`lambda-sim: an HTTP/2 session a handler opened to ${this.origin.host} was used outside every handler (${target}).`))
      return
    }
    const wire: AwsHttpRequest = {
      method: String(this.headers[':method'] ?? 'GET'),
      protocol: this.origin.protocol,
      hostname: this.origin.hostname,
      ...(this.origin.port !== '' ? { port: Number(this.origin.port) } : {}),
      path: url.pathname,
      query: queryOf(url.searchParams),
      search: url.search,
      headers: plain,
      body: new Uint8Array(Buffer.concat(this.chunks)),
    }
    const answer = runOutsideScope(() => scope.answerAwsRequest(wire))
    if (answer === undefined) {
      escape(scope, `a request to ${this.rules.awsServiceLabel(this.origin.hostname)}, an AWS service lambda-sim does not simulate: ${target} (HTTP/2)`)
      this.destroy(new Error(`lambda-sim does not simulate ${this.rules.awsServiceLabel(this.origin.hostname)}.`))
      return
    }
    let response: AwsHttpResponse
    try {
      response = await answer
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)))
      return
    }
    this.emit('response', { ':status': response.statusCode, ...http2Headers(response) }, 0)
    if (response.body.byteLength > 0) this.push(Buffer.from(response.body))
    this.push(null)
  }
}

/** The response's headers as Node's HTTP/2 client gives them: one `set-cookie` array entry per cookie line. */
function http2Headers(response: AwsHttpResponse): Record<string, string | string[]> {
  if (response.headerLines === undefined) return response.headers
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of response.headerLines) {
    const key = name.toLowerCase()
    const seen = headers[key]
    if (seen === undefined) headers[key] = key === 'set-cookie' ? [value] : value
    else headers[key] = Array.isArray(seen) ? [...seen, value] : `${seen}, ${value}`
  }
  return headers
}

function escape(scope: HandlerScope, what: string): void {
  scope.kernel.touchedRealWorld(scope.task, what)
}

/** What `NodeHttp2Handler` uses of a `ClientHttp2Session`. */
class SimulatedHttp2Session extends EventEmitter {
  destroyed = false
  closed = false

  constructor(
    private readonly origin: URL,
    private readonly rules: Http2HostRules,
  ) {
    super()
  }

  request(headers: Record<string, unknown>): SimulatedHttp2Stream {
    return new SimulatedHttp2Stream(this.origin, headers, this.rules)
  }

  settings(_settings: unknown, callback?: (error: Error | null) => void): void {
    if (callback !== undefined) queueMicrotask(() => callback(null))
  }

  readonly setTimeout = (): this => this

  ref(): void {}
  unref(): void {}

  close(callback?: () => void): void {
    this.closed = true
    if (callback !== undefined) queueMicrotask(callback)
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.closed = true
    queueMicrotask(() => this.emit('close'))
  }
}

function originOf(authority: unknown): URL | undefined {
  try {
    if (authority instanceof URL) return authority
    if (typeof authority === 'string') return new URL(authority)
    if (authority !== null && typeof authority === 'object') {
      const a = authority as { protocol?: string; host?: string; hostname?: string; port?: number | string }
      const host = a.host ?? a.hostname
      if (typeof host === 'string') return new URL(`${a.protocol ?? 'https:'}//${host}${a.port !== undefined && a.host === undefined ? `:${String(a.port)}` : ''}`)
    }
  } catch {
    // not an authority we can read: the real connect decides
  }
  return undefined
}

let installed = false

/** Replaces `http2.connect` once per process (the real one outside handlers and for other hosts). */
export function installAwsHttp2(rules: Http2HostRules): void {
  if (installed) return
  installed = true
  const realConnect = http2.connect
  const connect = function (this: unknown, authority: unknown, ...rest: unknown[]): unknown {
    const origin = currentScope() === undefined ? undefined : originOf(authority)
    if (origin !== undefined && rules.isAwsHost(origin.hostname)) return new SimulatedHttp2Session(origin, rules)
    return (realConnect as (...args: unknown[]) => unknown).apply(this, [authority, ...rest])
  }
  ;(http2 as { connect: unknown }).connect = connect
}
