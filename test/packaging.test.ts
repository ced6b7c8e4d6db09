/**
 * Packaging checks on the built output: the tarball `npm pack` would publish is linted by publint
 * (strict: warnings and suggestions fail too) and analysed by Are The Types Wrong (every entry point
 * under node10, node16 from CJS and from ESM, and bundler resolution). `npm run check:package` runs
 * the same two tools from the command line.
 *
 * In the `slow` project (vitest.config.ts): no test or hook here has a timeout of its own; the
 * project's budget only catches a hang.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '..')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

let workDir: string
let tarball: string

interface AttwReport {
  readonly analysis: {
    readonly types: { readonly kind: string }
    readonly entrypoints: Readonly<Record<string, unknown>>
    readonly problems: readonly { readonly kind: string; readonly entrypoint?: string; readonly resolutionKind?: string }[]
  }
}

describe('packaging', () => {
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`')
    workDir = mkdtempSync(join(tmpdir(), 'lambda-sim-pack-'))
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], { cwd: root })
    const packed = JSON.parse(stdout) as { filename: string }[]
    tarball = join(workDir, packed[0]?.filename ?? 'missing.tgz')
  })

  afterAll(() => {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
  })

  it('publint - the packed tarball has no errors, warnings or suggestions', async () => {
    const result = await run(bin('publint'), ['run', tarball, '--strict'], { cwd: workDir }).catch((error: { stdout?: string; stderr?: string; message: string }) => ({
      stdout: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
    }))
    expect(result.stdout).toMatch(/All good!/)
  })

  it('attw - types resolve for every entry point under node10, node16 (CJS and ESM) and bundler', async () => {
    // attw exits 1 when it finds a problem; the JSON report is on stdout either way.
    const { stdout } = await run(bin('attw'), [tarball, '--format', 'json'], { cwd: workDir, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; message: string }) => ({ stdout: error.stdout ?? error.message }),
    )
    const report = JSON.parse(stdout) as AttwReport
    expect(report.analysis.problems).toEqual([])
    expect(report.analysis.types.kind).toBe('included')
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './package.json', './testing'])
  })
})
