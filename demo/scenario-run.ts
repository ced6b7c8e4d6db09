import type { Simulation } from '../src/index.js'

/** What a demo story's scenario returns: its printed account, the virtual time it covered, and its simulation (for the report). */
export interface ScenarioRun {
  readonly text: string
  readonly virtualMs: number
  readonly simulation: Simulation
}
