/**
 * The progress bar of `lambda-sim run` (cli-progress, on stderr): virtual time covered, invocations
 * completed and, when the scenario declares its `duration`, a bar and an ETA. It only draws on a
 * terminal (not when stderr is piped or a file, nor with `--json`), and only for runs that last
 * more than half a second of real time. A real interval redraws it: the simulation yields to the
 * event loop every ~50 ms of wall time while it drives the clock, so the interval gets its turns.
 * (Real time is fine here: it is the user's terminal, not the simulation.)
 */
import cliProgress from 'cli-progress'
import type { Simulation } from '../src/index.js'
import type { RunCounter } from './run-summary.js'
import { virtualDuration } from './run-summary.js'

/** A real-time delay before the bar appears: short runs print nothing. */
const SHOW_AFTER_MS = 500
const REDRAW_EVERY_MS = 100

export interface ProgressStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean
}

export interface ProgressInput {
  readonly sim: Simulation
  readonly startMs: number
  readonly counter: RunCounter
  /** The virtual time the run covers, when the scenario declares it (bar and ETA). */
  readonly durationMs?: number
  readonly stream: ProgressStream
  /** Test seam: the bar appears after this much real time (default 500 ms). */
  readonly showAfterMs?: number
}

/** Starts the progress display; the returned function stops it (and erases the bar). */
export function startProgress(input: ProgressInput): () => void {
  if (input.stream.isTTY !== true) return () => {}
  const { sim, startMs, counter, durationMs } = input
  const known = durationMs !== undefined && durationMs > 0
  const bar = new cliProgress.SingleBar(
    {
      stream: input.stream,
      format: known
        ? 'virtual {bar} {percentage}% | {virtual} of {virtualTotal} | {invocations} invocations | ETA {eta_formatted}'
        : 'virtual {virtual} | {invocations} invocations | {duration_formatted} elapsed',
      clearOnComplete: true,
      hideCursor: true,
      barsize: 24,
      etaBuffer: 20,
      // Redrawn from the interval below: no timer of cli-progress's own competes with the run.
      synchronousUpdate: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  const began = performance.now()
  let shown = false
  const payload = (): Record<string, string> => ({
    virtual: virtualDuration(sim.nowMs - startMs),
    virtualTotal: known ? virtualDuration(durationMs) : '',
    invocations: counter.completed.toLocaleString('en-US'),
  })
  const value = (): number => (known ? Math.min(sim.nowMs - startMs, durationMs) : 0)
  const timer = setInterval(() => {
    if (!shown) {
      if (performance.now() - began < (input.showAfterMs ?? SHOW_AFTER_MS)) return
      bar.start(known ? durationMs : 1, value(), payload())
      shown = true
      return
    }
    bar.update(value(), payload())
  }, REDRAW_EVERY_MS)
  return () => {
    clearInterval(timer)
    if (shown) bar.stop()
  }
}
