/**
 * A scenario file for `lambda-sim run <file>`: a JavaScript or TypeScript module whose default
 * export is the scenario, either a function of the simulation or an object that also carries the
 * simulation's options:
 *
 *   export default async (sim: Simulation) => { … }
 *   export default { title, options: { seed: 7 }, duration: '10m', run: async (sim) => { … } }
 *
 * `duration` is the virtual time the run covers (the progress bar's ETA); `options` are
 * `createSimulation`'s; `powerTuning` (`powerTune`'s input) adds a memory sweep to the run's report. TypeScript files load through tsx (an optional peer dependency).
 */
import { existsSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DurationInput, PowerTuningInput, Simulation, SimulationOptions } from '../src/index.js'

/** What a scenario file's default export may be, once read. */
export interface Scenario {
  readonly title?: string
  readonly description?: string
  readonly options?: SimulationOptions
  readonly duration?: DurationInput
  /** A memory sweep (`powerTune`) run after the scenario; its chart goes in the report. */
  readonly powerTuning?: PowerTuningInput
  readonly run: (sim: Simulation) => unknown
}

/** The scenario file cannot be used: missing, failing to load, or without a usable default export. */
export class ScenarioFileError extends Error {
  override readonly name = 'ScenarioFileError'
}

const SCENARIO_KEYS = new Set(['title', 'description', 'options', 'duration', 'powerTuning', 'run'])
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx'])

/** Loads `file` (relative to `cwd`) and returns its scenario. */
export async function loadScenario(file: string, cwd: string = process.cwd()): Promise<Scenario> {
  const path = resolve(cwd, file)
  if (!existsSync(path) || !statSync(path).isFile()) throw new ScenarioFileError(`scenario file ${file} does not exist`)
  const module = await importModule(path, file)
  return scenarioOf(module, file)
}

async function importModule(path: string, file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href
  try {
    if (!TYPESCRIPT.has(extname(path))) return (await import(url)) as Record<string, unknown>
    const tsImport = await loadTsx(file)
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>
  } catch (error) {
    if (error instanceof ScenarioFileError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new ScenarioFileError(`scenario file ${file} did not load: ${reason}`, { cause: error })
  }
}

/** tsx's `tsImport`, or a clear error when tsx is not installed. */
async function loadTsx(file: string): Promise<(specifier: string, parentURL: string) => Promise<unknown>> {
  // A variable specifier: the bundler leaves tsx out of dist/cli.js (it is an optional peer dependency).
  const specifier = 'tsx/esm/api'
  try {
    const api = (await import(specifier)) as { tsImport: (specifier: string, parentURL: string) => Promise<unknown> }
    return api.tsImport
  } catch (error) {
    throw new ScenarioFileError(
      `scenario file ${file} is TypeScript, which needs tsx: npm install --save-dev tsx (or compile the scenario to JavaScript)`,
      { cause: error },
    )
  }
}

function scenarioOf(module: Record<string, unknown>, file: string): Scenario {
  const usage = 'export default async (sim) => { … }, or export default { options, duration, run(sim) { … } }'
  const exported = module['default']
  if (typeof exported === 'function') return { run: exported as Scenario['run'] }
  if (typeof exported === 'object' && exported !== null) {
    const candidate = exported as Record<string, unknown>
    const unknown = Object.keys(candidate).filter((key) => !SCENARIO_KEYS.has(key))
    if (unknown.length > 0) throw new ScenarioFileError(`scenario file ${file}: unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')} in its default export (known: ${[...SCENARIO_KEYS].join(', ')})`)
    if (typeof candidate['run'] !== 'function') throw new ScenarioFileError(`scenario file ${file}: its default export has no run(sim) function; ${usage}`)
    for (const key of ['title', 'description'] as const) {
      if (candidate[key] !== undefined && typeof candidate[key] !== 'string') throw new ScenarioFileError(`scenario file ${file}: ${key} must be a string`)
    }
    for (const [key, what] of [['options', "createSimulation's options"], ['powerTuning', "powerTune's input"]] as const) {
      const value = candidate[key]
      if (value !== undefined && (typeof value !== 'object' || value === null)) throw new ScenarioFileError(`scenario file ${file}: ${key} must be ${what} (an object)`)
    }
    return candidate as unknown as Scenario
  }
  throw new ScenarioFileError(`scenario file ${file} has no default export to run; ${usage}`)
}
