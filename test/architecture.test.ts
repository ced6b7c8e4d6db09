import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

const srcRoot = resolve(__dirname, '../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** Layer order from ARCHITECTURE.md: a layer may import only from layers to its left. */
const layers = ['kernel', 'model', 'runtime', 'services', 'observability', 'simulation', 'testing'] as const
/** Importable by everyone. */
const shared = new Set(['config', 'errors.ts'])
/** Observability is the event vocabulary: services emit its events, so they may import its types and the bus. */
const allowedUpward: Record<string, string[]> = {
  runtime: ['observability'],
  services: ['observability'],
  model: [],
  kernel: [],
}

function layerOf(file: string): string {
  const rel = relative(srcRoot, file)
  const top = rel.split('/')[0] as string
  return rel.includes('/') ? top : rel
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1] as string))
}

describe('architecture', () => {
  const files = sourceFiles(srcRoot)

  it('layers - imports point one way (kernel ← model ← runtime ← services ← observability ← simulation)', () => {
    const violations: string[] = []
    for (const file of files) {
      const from = layerOf(file)
      const fromIndex = layers.indexOf(from as (typeof layers)[number])
      if (fromIndex < 0) continue
      for (const target of importsOf(file)) {
        const to = layerOf(target.replace(/\.js$/, '.ts'))
        if (shared.has(to) || to === from || to === 'index.ts') continue
        const toIndex = layers.indexOf(to as (typeof layers)[number])
        if (toIndex < 0) continue
        if (toIndex > fromIndex && !(allowedUpward[from] ?? []).includes(to)) {
          violations.push(`${relative(srcRoot, file)} imports ${relative(srcRoot, target)}`)
        }
      }
    }
    expect(violations).toEqual([])
  })

  it('kernel - knows nothing of Lambda (imports only the kernel and errors)', () => {
    const kernelFiles = files.filter((f) => layerOf(f) === 'kernel')
    expect(kernelFiles.length).toBeGreaterThan(3)
    for (const file of kernelFiles) {
      for (const target of importsOf(file)) expect(['kernel', 'errors.ts']).toContain(layerOf(target.replace(/\.js$/, '.ts')))
    }
  })

  it('events - the event builders are pure: they import only each other, errors, the SNS notification URL forms and the SQS attribute digest', () => {
    const eventFiles = files.filter((f) => layerOf(f) === 'events')
    expect(eventFiles.length).toBeGreaterThan(5)
    for (const file of eventFiles) {
      for (const target of importsOf(file)) {
        const rel = relative(srcRoot, target.replace(/\.js$/, '.ts'))
        const allowed = layerOf(target) === 'events' || rel === 'errors.ts' || rel === join('services', 'sns.ts') || rel === join('model', 'sqs-md5.ts')
        expect(allowed, `${relative(srcRoot, file)} imports ${rel}`).toBe(true)
      }
    }
  })

  it('determinism - no real time or randomness outside kernel/realtime.ts', () => {
    const forbidden = /Date\.now\(|Math\.random\(|performance\.now\(|[^.\w]setTimeout\(|[^.\w]setInterval\(|[^.\w]setImmediate\(|crypto\.random|randomBytes\(|randomUUID\(|getRandomValues\(|new Date\(\)/
    const offenders = files
      .filter((f) => !f.endsWith(join('kernel', 'realtime.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(srcRoot, f)}:${i + 1}` }))
          .filter(({ line }) => forbidden.test(line) && !/^(\*|\/\*\*|\/\/)/.test(line.trim())),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`)
    expect(offenders).toEqual([])
  })

  it('realtime - the one real-time file exists and is the only importer of node:crypto randomness', () => {
    const realtime = readFileSync(join(srcRoot, 'kernel/realtime.ts'), 'utf8')
    expect(realtime).toMatch(/randomBytes/)
    expect(realtime).toMatch(/setImmediate/)
  })

  it('public surface - src/index.ts uses explicit export lists', () => {
    const index = readFileSync(join(srcRoot, 'index.ts'), 'utf8')
    expect(index).not.toMatch(/export \* from/)
  })
})
