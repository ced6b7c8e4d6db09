/**
 * Console output of handler code lands in its function's log, whoever wrote it: `console.*` (as
 * the Lambda runtime's patched console does: a timestamp, the request id and a level), and
 * anything written straight to `process.stdout` / `process.stderr` — a library's own `Console`
 * instance, or a `console.error` grabbed before the patch — as raw lines, as Lambda records them.
 * Outside handlers both are the real ones.
 */
import { format } from 'node:util'
import type { LogLevel } from '../../observability/events.js'
import { currentScope } from './scope.js'

const levels: Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', LogLevel> = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
}

let installed = false

export function installConsole(): void {
  if (installed) return
  installed = true
  for (const method of Object.keys(levels) as (keyof typeof levels)[]) {
    const original = console[method].bind(console)
    console[method] = (...args: unknown[]): void => {
      const scope = currentScope()
      if (scope === undefined) original(...args)
      else scope.log(levels[method], format(...args))
    }
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean
    stream.write = function write(chunk: unknown, ...rest: unknown[]): boolean {
      const scope = currentScope()
      if (scope === undefined) return original(chunk, ...rest)
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
      // One log event per line, as Lambda's log capture splits them.
      const lines = text.split('\n')
      if (lines[lines.length - 1] === '') lines.pop()
      for (const line of lines) scope.log('INFO', line, true)
      // A write's callback (last argument) runs as it would after the write.
      const callback = rest[rest.length - 1]
      if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)())
      return true
    } as typeof stream.write
  }
}
