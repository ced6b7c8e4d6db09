/**
 * Small helpers for asserting on a run: a fresh recording simulation, a stable hash of a run's
 * event log (for determinism and replay checks), and the decoded log tail of an invoke result.
 */
import { createHash } from 'node:crypto'
import { createSimulation, type Simulation } from '../simulation/simulation.js'
import type { SimulationOptions } from '../simulation/options.js'

/** A fresh simulation that records its events (for assertions on the event log). */
export function freshSimulation(options: SimulationOptions = {}): Simulation {
  return createSimulation({ recordEvents: true, ...options })
}

/** SHA-256 (hex) of the simulation's event log: equal for runs that are equal byte for byte. */
export function eventLogHash(sim: Simulation): string {
  return createHash('sha256').update(sim.eventLogText()).digest('hex')
}

/** Decodes an invoke result's `logResult` (base64 tail of the log). */
export function decodeLogResult(logResult: string | undefined): string {
  return logResult === undefined ? '' : Buffer.from(logResult, 'base64').toString('utf8')
}
