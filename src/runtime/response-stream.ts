/**
 * Response streaming as the Node.js runtime offers it: `awslambda.streamifyResponse(handler)`
 * makes a handler that is called `(event, responseStream, context)` and writes its response to the
 * stream, and `awslambda.HttpResponseStream.from(stream, { statusCode, headers, cookies })` puts the
 * HTTP status and headers in front of the body (the "prelude") for a function URL in
 * `RESPONSE_STREAM` mode.
 *
 * On Lambda `awslambda` is a global of the runtime. Here it is exported by lambda-sim: import it
 * (`import { awslambda } from 'lambda-sim'`) or assign it to `globalThis.awslambda` in a test.
 *
 * A streamed invocation's result is a `StreamedResponse` (the prelude, the content type, the
 * bytes): it is limited to 200 MB instead of the 6 MB of a buffered response, and it serialises to
 * an envelope the function URL door reads (`readStreamedResponse`).
 */
import { Writable } from 'node:stream'

/** A streamed response may reach 200 MB (a buffered one, 6 MB). */
export const STREAMED_RESPONSE_LIMIT_BYTES = 200 * 1024 * 1024

/** The key of the JSON envelope a streamed result serialises to. */
const ENVELOPE = 'lambdaSimStreamedResponse'

/** What `HttpResponseStream.from` puts in front of the body. */
export interface HttpResponsePrelude {
  readonly statusCode?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly cookies?: readonly string[]
}

/** The writable stream a streaming handler receives. */
export class ResponseStream extends Writable {
  /** @internal */
  readonly chunks: Buffer[] = []
  /** @internal */
  byteLength = 0
  /** @internal */
  contentType: string | undefined = undefined
  /** @internal */
  prelude: HttpResponsePrelude | undefined = undefined

  constructor() {
    super({
      write: (chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk)
        this.chunks.push(bytes)
        this.byteLength += bytes.byteLength
        callback()
      },
    })
  }

  /** The body's content type (a function URL sends `application/octet-stream` by default). */
  setContentType(contentType: string): void {
    this.contentType = contentType
  }
}

/** The result of a streamed invocation. */
export class StreamedResponse {
  constructor(
    readonly prelude: HttpResponsePrelude | undefined,
    readonly contentType: string | undefined,
    readonly body: Buffer,
  ) {}

  toJSON(): Record<string, unknown> {
    return {
      [ENVELOPE]: { prelude: this.prelude ?? null, contentType: this.contentType ?? null, body: this.body.toString('base64') },
    }
  }
}

/** A streamed result read back from its JSON (`undefined` for any other result). */
export function readStreamedResponse(payload: unknown): StreamedResponse | undefined {
  if (typeof payload !== 'object' || payload === null || !(ENVELOPE in payload)) return undefined
  const envelope = (payload as Record<string, { prelude: HttpResponsePrelude | null; contentType: string | null; body: string }>)[ENVELOPE]
  if (envelope === undefined) return undefined
  return new StreamedResponse(envelope.prelude ?? undefined, envelope.contentType ?? undefined, Buffer.from(envelope.body, 'base64'))
}

type StreamingHandler = (event: unknown, responseStream: ResponseStream, context: unknown) => unknown

/** The runtime's `awslambda` global: `streamifyResponse` and `HttpResponseStream`. */
export const awslambda = {
  /**
   * A handler that streams its response. It ends when the stream is ended (the runtime ends it for
   * the handler when its promise settles first).
   *
   * @example
   * const handler = awslambda.streamifyResponse(async (event, responseStream) => {
   *   const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'content-type': 'text/plain' } })
   *   stream.write('hello ')
   *   stream.end('world')
   * })
   */
  streamifyResponse(handler: StreamingHandler): (event: unknown, context: unknown) => Promise<StreamedResponse> {
    return async (event, context) => {
      const stream = new ResponseStream()
      const finished = new Promise<void>((resolve, reject) => {
        stream.once('finish', () => resolve())
        stream.once('error', reject)
      })
      await handler(event, stream, context)
      if (!stream.writableEnded) stream.end()
      await finished
      return new StreamedResponse(stream.prelude, stream.contentType, Buffer.concat(stream.chunks))
    }
  },
  HttpResponseStream: {
    /** The stream, with the HTTP status, headers and cookies a function URL sends before the body. */
    from(stream: ResponseStream, prelude: HttpResponsePrelude): ResponseStream {
      stream.prelude = { ...prelude }
      stream.setContentType('application/vnd.awslambda.http-integration-response')
      return stream
    },
  },
}
