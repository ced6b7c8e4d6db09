/**
 * Routes `console.log/info/warn/error/debug/trace` written by handler code into the function's log,
 * as the Lambda Node.js runtime does. Which invocation a line belongs to is carried by
 * AsyncLocalStorage, so it follows the handler across awaits; code outside any handler still
 * prints to the real console.
 *
 * Opt-in (`createSimulation({ captureConsole: true })`): AsyncLocalStorage makes every promise in
 * the process a little slower on Node 20.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { format } from 'node:util'
import type { LogLevel } from '../observability/events.js'

export interface ConsoleSink {
  log(level: LogLevel, message: string): void
}

const storage = new AsyncLocalStorage<ConsoleSink>()
let installed = false

const levels: Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', LogLevel> = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
}

/** Patches the console once per process; lines written outside a captured call pass through. */
function install(): void {
  if (installed) return
  installed = true
  for (const method of Object.keys(levels) as (keyof typeof levels)[]) {
    const original = console[method].bind(console)
    console[method] = (...args: unknown[]): void => {
      const sink = storage.getStore()
      if (sink === undefined) original(...args)
      else sink.log(levels[method], format(...args))
    }
  }
}

/** Runs `work` so that console output from it (and everything it awaits) goes to `sink`. */
export function withConsoleCapture<T>(sink: ConsoleSink, work: () => T): T {
  install()
  return storage.run(sink, work)
}
