import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importCycles, importGraph, LAYERS, layerViolations, moduleOf, sourceFiles } from './import-graph.js'

const srcRoot = resolve(__dirname, '../../src')

describe('architecture', () => {
  const graph = importGraph(srcRoot)

  it('layers - every folder under src/ is in a layer, and every import points down (or within its module)', () => {
    expect(layerViolations(graph)).toEqual([])
  })

  it('layers - every layer names a module that exists', () => {
    const modules = new Set([...graph.keys()].map(moduleOf))
    expect(LAYERS.flat().filter((module) => !modules.has(module))).toEqual([])
  })

  it('cycles - no import circle between files, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('kernel - knows nothing of Lambda: it imports only itself', () => {
    const kernelFiles = [...graph.keys()].filter((file) => moduleOf(file) === 'kernel')
    expect(kernelFiles.length).toBeGreaterThan(3)
    for (const file of kernelFiles) for (const target of graph.get(file) ?? []) expect(moduleOf(target), `${file} imports ${target}`).toBe('kernel')
  })

  /**
   * The two files allowed to name real time: the kernel's door, and the handler's world, which
   * replaces the globals with versions that read the virtual clock inside handlers and hand every
   * other caller the real ones it captured.
   */
  const realTimeDoors = [join('kernel', 'realtime.ts'), join('runtime', 'world', 'virtual-time.ts'), join('runtime', 'world', 'seeded-random.ts')]

  it('determinism - no real time or randomness outside kernel/realtime.ts (and the handler world’s replacements)', () => {
    const forbidden = /Date\.now\(|Math\.random\(|performance\.now\(|[^.\w]setTimeout\(|[^.\w]setInterval\(|[^.\w]setImmediate\(|crypto\.random|randomBytes\(|randomUUID\(|getRandomValues\(|new Date\(\)/
    const offenders = sourceFiles(srcRoot)
      .filter((f) => !realTimeDoors.some((door) => f.endsWith(door)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(srcRoot, f)}:${i + 1}` }))
          .filter(({ line }) => forbidden.test(line) && !/^(\*|\/\*\*|\/\/)/.test(line.trim())),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`)
    expect(offenders).toEqual([])
  })

  it('realtime - the one real-time file exists and holds the real timers and entropy', () => {
    const realtime = readFileSync(join(srcRoot, 'kernel/realtime.ts'), 'utf8')
    expect(realtime).toMatch(/randomBytes/)
    expect(realtime).toMatch(/setImmediate/)
  })

  it('public surface - src/index.ts uses explicit export lists', () => {
    const index = readFileSync(join(srcRoot, 'index.ts'), 'utf8')
    expect(index).not.toMatch(/export \* from/)
  })

  it('wiring - no part is wired after construction (no "not wired" errors, no hook slots)', () => {
    const offenders = sourceFiles(srcRoot).filter((f) => /not wired|Set by the simulation/.test(readFileSync(f, 'utf8')))
    expect(offenders.map((f) => relative(srcRoot, f))).toEqual([])
  })
})

/** The rules above must fail when the house is broken: each case plants one fault in a copy of src/. */
describe('architecture (self-test)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lambda-sim-architecture-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  let copies = 0

  function plant(edit: (root: string) => void): string {
    copies += 1
    const root = join(scratch, String(copies))
    cpSync(srcRoot, root, { recursive: true })
    edit(root)
    return root
  }

  function append(root: string, file: string, line: string): void {
    const path = join(root, file)
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n${line}\n`)
  }

  it('the untouched copy passes', () => {
    const graph = importGraph(plant(() => undefined))
    expect(layerViolations(graph)).toEqual([])
    expect(importCycles(graph)).toEqual([])
  })

  it('catches an import up the layers (observability → lambda/invoke)', () => {
    const root = plant((r) => append(r, 'observability/bus.ts', "import type { SyncInvoker } from '../lambda/invoke/sync-invoke.js'"))
    expect(layerViolations(importGraph(root))).toEqual(['observability/bus.ts imports lambda/invoke/sync-invoke.ts: observability is below lambda/invoke'])
  })

  it('catches a type-only import from the kernel into the facade', () => {
    const root = plant((r) => append(r, 'kernel/ids.ts', "export type { Simulation } from '../simulation/simulation.js'"))
    expect(layerViolations(importGraph(root))).toEqual(['kernel/ids.ts imports simulation/simulation.ts: kernel is below simulation'])
  })

  it('catches an import between peer services (aws/sns → aws/sqs)', () => {
    const root = plant((r) => append(r, 'aws/sns/service.ts', "import type { SqsService } from '../sqs/service.js'"))
    expect(layerViolations(importGraph(root))).toEqual(['aws/sns/service.ts imports aws/sqs/service.ts: aws/sns and aws/sqs are peers'])
  })

  it('catches a dynamic import up the layers', () => {
    const root = plant((r) => append(r, 'config/duration.ts', "export const later = () => import('../sdk/wire.js')"))
    expect(layerViolations(importGraph(root))).toEqual(['config/duration.ts imports sdk/wire.ts: config is below sdk'])
  })

  it('catches a folder no layer names', () => {
    const root = plant((r) => {
      mkdirSync(join(r, 'services'))
      writeFileSync(join(r, 'services/queue.ts'), "import { SimulationError } from '../kernel/simulation-error.js'\nexport { SimulationError }\n")
    })
    expect(layerViolations(importGraph(root))).toEqual(['services/queue.ts is in "services", which no layer names'])
  })

  it('catches an import circle inside one module', () => {
    // (A file the kernel imports and that imports nothing, so the circle is exactly the two.)
    const root = plant((r) => append(r, 'kernel/dispatch-park.ts', "import type { Kernel } from './kernel.js'"))
    expect(importCycles(importGraph(root))).toContainEqual(['kernel/dispatch-park.ts', 'kernel/kernel.ts'])
  })
})
