/**
 * The rules that guard the house, as functions over an import graph, so the architecture test can
 * run them on `src/` and, to prove they bite, on a copy of `src/` with a bad import planted.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * The layers of `src/`, bottom first. A module may import its own files and modules of lower
 * layers only; modules that share a layer are peers and may not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['kernel'],
  ['errors'],
  ['model'],
  ['observability'],
  ['config'],
  ['http'],
  ['runtime'],
  ['lambda/environments'],
  ['lambda/control'],
  ['lambda/invoke'],
  ['lambda/load'],
  ['lambda/urls'],
  ['aws/sqs', 'aws/sns', 'aws/eventbridge', 'aws/auto-scaling', 'aws/kinesis', 'aws/dynamodb', 'aws/scheduler', 'aws/elb', 'aws/api-gateway', 'aws/cloudfront', 'aws/s3'],
  ['event-sources'],
  ['sdk'],
  ['simulation'],
  ['events', 'testing', 'report'],
  ['index.ts'],
]

/** Folders that group modules one level deeper (`lambda/invoke`, `aws/sqs`). */
const GROUPS = new Set(['lambda', 'aws'])

export type ImportGraph = ReadonlyMap<string, readonly string[]>

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/**
 * Every relative import of every file under `root` (static, `export … from`, type-only, dynamic
 * `import()` and `require()`), as paths relative to `root`.
 */
export function importGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>()
  const specifier = /(?:^|[\s;])(?:import|export)\s[^;'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|[\s;])import\s*['"](\.[^'"]+)['"]|\b(?:import|require)\(\s*['"](\.[^'"]+)['"]\s*\)/g
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(specifier)].map((m) => {
      const spec = (m[1] ?? m[2] ?? m[3]) as string
      return relative(root, resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
    })
    graph.set(relative(root, file), targets)
  }
  return graph
}

/** The module a file belongs to: `kernel`, `lambda/invoke`, `aws/sqs`, or `index.ts` at the root. */
export function moduleOf(file: string): string {
  const parts = file.split('/')
  if (parts.length === 1) return file
  const top = parts[0] as string
  return GROUPS.has(top) && parts.length > 2 ? `${top}/${parts[1]}` : top
}

function rankOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.includes(module))
}

/** Files in a module no layer names, and imports that point up or sideways. */
export function layerViolations(graph: ImportGraph): string[] {
  const violations: string[] = []
  for (const [file, targets] of graph) {
    const from = moduleOf(file)
    const fromRank = rankOf(from)
    if (fromRank < 0) {
      violations.push(`${file} is in "${from}", which no layer names`)
      continue
    }
    for (const target of targets) {
      const to = moduleOf(target)
      if (to === from) continue
      const toRank = rankOf(to)
      if (toRank < 0) violations.push(`${file} imports ${target}, in "${to}", which no layer names`)
      else if (toRank > fromRank) violations.push(`${file} imports ${target}: ${from} is below ${to}`)
      else if (toRank === fromRank) violations.push(`${file} imports ${target}: ${from} and ${to} are peers`)
    }
  }
  return violations
}

/** Import circles between files (Tarjan's strongly connected components), each as a list of files. */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (file: string): void => {
    index.set(file, next)
    low.set(file, next)
    next += 1
    stack.push(file)
    onStack.add(file)
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number))
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop() as string
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    const selfImport = (graph.get(file) ?? []).includes(file)
    if (component.length > 1 || selfImport) cycles.push(component.sort())
  }
  for (const file of graph.keys()) if (!index.has(file)) visit(file)
  return cycles
}
