/**
 * Docs that run: every ```ts block of README.md and docs/*.md is a complete program. Each one is
 * written to a temporary .mts file with `lambda-sim` pointing at src/, and run with tsx. The blocks
 * of one file run in one child process, one after another (a fresh module each); the files run in
 * parallel, and `tsc` type-checks all blocks meanwhile. A block that throws (or rejects, or leaves
 * an unhandled rejection) fails its test.
 *
 * The work starts with the first test that needs it, not in a hook: the type-check is a test of its
 * own and each block's test waits only for its file's process. This file is in the `slow` project
 * (vitest.config.ts), whose budget only catches a hang — on a busy machine tsc over every block can
 * take minutes, and that is not a failure.
 *
 * A block that is not meant to run is fenced as ```ts no-run; one that is type-checked but not run
 * (a vitest test file, say, which only runs inside vitest) as ```ts typecheck-only.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SLOW_TIMEOUT_MS } from './support/slow.js'

const root = resolve(import.meta.dirname, '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const docFiles = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]

interface Block {
  readonly index: number
  readonly line: number
  readonly code: string
  /** false for ```ts typecheck-only blocks. */
  readonly run: boolean
}

/** The ```ts blocks of a markdown file, in order (```ts no-run blocks are skipped). */
function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  let open: { line: number; body: string[]; skip: boolean; run: boolean } | undefined
  lines.forEach((text, i) => {
    if (open === undefined) {
      const fence = /^```(ts|typescript)\b(.*)$/.exec(text.trim())
      if (fence !== null) open = { line: i + 1, body: [], skip: /\bno-run\b/.test(fence[2] ?? ''), run: !/\btypecheck-only\b/.test(fence[2] ?? '') }
      return
    }
    if (text.trim() === '```') {
      if (!open.skip) blocks.push({ index: blocks.length + 1, line: open.line, code: open.body.join('\n'), run: open.run })
      open = undefined
      return
    }
    open.body.push(text)
  })
  return blocks
}

/** The test tools a block may import, by their ESM entry (the blocks are written outside the project). */
const toolEntries: Record<string, string> = {
  'fast-check': join(root, 'node_modules', 'fast-check', 'lib', 'fast-check.js'),
  vitest: join(root, 'node_modules', 'vitest', 'dist', 'index.js'),
}

/**
 * Points the package's import specifiers at the sources and the test tools' at node_modules — only
 * import specifiers: `'lambda-sim'` is also an S3 bucket name in the SDK recipes.
 */
function rewriteImports(code: string): string {
  const specifier = (name: string): RegExp => new RegExp(`(\\bfrom\\s+|\\bimport\\s*\\(\\s*)(['"])${name.replace(/[/-]/g, '\\$&')}\\2`, 'g')
  const targets: Array<[string, string]> = [
    ['lambda-sim/testing', join(root, 'src', 'testing', 'index.ts')],
    ['lambda-sim', join(root, 'src', 'index.ts')],
    ...Object.entries(toolEntries),
  ]
  let rewritten = code
  for (const [name, entry] of targets) rewritten = rewritten.replace(specifier(name), (_, keyword: string) => `${keyword}${JSON.stringify(entry)}`)
  return rewritten
}

/** Runs the block files one by one in this (child) process and writes what happened to a JSON file. */
const runnerSource = `
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const [resultsFile, ...files] = process.argv.slice(2)
const results = []
let current
process.on('unhandledRejection', (reason) => { if (current) current.late = String(reason?.stack ?? reason) })
process.on('uncaughtException', (error) => { if (current) current.late = String(error?.stack ?? error) })
for (const file of files) {
  current = { file, ok: true, error: undefined, late: undefined }
  results.push(current)
  try {
    await import(pathToFileURL(file).href)
  } catch (error) {
    current.ok = false
    current.error = String(error?.stack ?? error)
  }
  // One macrotask turn so a stray rejection is charged to the block that caused it.
  await new Promise((resolve) => setImmediate(resolve))
}
writeFileSync(resultsFile, JSON.stringify(results))
process.exit(0)
`

interface BlockResult {
  readonly file: string
  readonly ok: boolean
  readonly error: string | undefined
  readonly late: string | undefined
}

interface FileRun {
  readonly results: BlockResult[]
  readonly processError: string | undefined
}

const blocksByFile = new Map(docFiles.map((file) => [file, extractBlocks(readFileSync(join(root, file), 'utf8'))]))
let workDir: string | undefined

/** Runs one file's blocks in a child process. */
async function runFile(dir: string, file: string, blocks: readonly Block[]): Promise<FileRun> {
  const fileDir = join(dir, file.replace(/[^\w.-]/g, '_'))
  mkdirSync(fileDir, { recursive: true })
  const paths = blocks.map((block) => {
    const path = join(fileDir, `block-${block.index}.mts`)
    writeFileSync(path, `${rewriteImports(block.code)}\n`)
    return path
  })
  const runnable = paths.filter((_, i) => blocks[i]?.run === true)
  const runner = join(fileDir, 'run-blocks.mjs')
  const resultsFile = join(fileDir, 'results.json')
  writeFileSync(runner, runnerSource)
  try {
    await promisify(execFile)(tsx, [runner, resultsFile, ...runnable], { cwd: root, timeout: SLOW_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 })
    return { results: JSON.parse(readFileSync(resultsFile, 'utf8')) as BlockResult[], processError: undefined }
  } catch (error) {
    const e = error as { message: string; stderr?: string }
    return { results: [], processError: `${e.message}\n${e.stderr ?? ''}` }
  }
}

/** `tsc --noEmit` over every written block, with the project's compiler options; '' when clean. */
async function typecheckBlocks(dir: string): Promise<string> {
  const tsconfig = join(dir, 'tsconfig.json')
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        allowImportingTsExtensions: true,
        typeRoots: [join(root, 'node_modules', '@types')],
        lib: ['ES2022', 'DOM'],
        // The blocks live outside the repository: `import type … from 'aws-lambda'` resolves here.
        paths: { 'aws-lambda': [join(root, 'node_modules', '@types', 'aws-lambda')] },
      },
      include: [join(dir, '**', '*.mts')],
    }),
  )
  try {
    await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', tsconfig], { cwd: root, timeout: SLOW_TIMEOUT_MS })
    return ''
  } catch (error) {
    const e = error as { message: string; stdout?: string }
    return e.stdout || e.message
  }
}

interface Work {
  readonly runs: ReadonlyMap<string, Promise<FileRun>>
  readonly typecheck: Promise<string>
}

let work: Work | undefined

/**
 * Writes every block and starts everything at once, the first time a test asks: one process per
 * file, and tsc over all the written blocks while they run. Later calls get the same promises.
 */
function started(): Work {
  if (work !== undefined) return work
  const dir = mkdtempSync(join(tmpdir(), 'lambda-sim-docs-'))
  workDir = dir
  // Blocks may import the project's dev dependencies (the AWS SDK clients): resolve them from here.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const runs = new Map<string, Promise<FileRun>>()
  for (const [file, blocks] of blocksByFile) if (blocks.length > 0) runs.set(file, runFile(dir, file, blocks)) // writes the block files synchronously
  work = { runs, typecheck: typecheckBlocks(dir) }
  return work
}

afterAll(async () => {
  // Let the child processes finish before their directory goes.
  if (work !== undefined) await Promise.allSettled([work.typecheck, ...work.runs.values()])
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
})

describe('docs', () => {
  it('docs - the guides have runnable ts blocks', () => {
    for (const file of ['README.md', 'docs/getting-started.md', 'docs/concepts.md', 'docs/sdk.md']) {
      expect(blocksByFile.get(file)?.length ?? 0, file).toBeGreaterThan(0)
    }
  })

  it('docs - every block type-checks against the sources', async () => {
    expect(await started().typecheck).toBe('')
  })

  for (const [file, blocks] of blocksByFile) {
    const runnable = blocks.filter((block) => block.run)
    for (const [position, block] of runnable.entries()) {
      it(`${file} - block ${block.index} (line ${block.line}) runs`, async () => {
        const run = await started().runs.get(file)
        expect(run?.processError).toBeUndefined()
        const result = run?.results[position]
        expect(result, 'no result recorded').toBeDefined()
        if (result === undefined) return
        expect(result.error, `block ${block.index} of ${file} (line ${block.line}) threw`).toBeUndefined()
        expect(result.late, `block ${block.index} of ${file} (line ${block.line}) left an unhandled error`).toBeUndefined()
        expect(result.ok).toBe(true)
      })
    }
  }
})
