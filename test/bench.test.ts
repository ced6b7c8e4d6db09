import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SLOW_TIMEOUT_MS } from './support/slow.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

// The benchmark must keep building and running from a clone; its figures are never asserted here.
// In the `slow` project (vitest.config.ts): spawnSync blocks, so the child processes carry the budget.
describe('bench', () => {
  it('builds and runs a workload at a tiny size, printing the fields the JSON rows promise', () => {
    const build = spawnSync('npx', ['tsup', 'bench/run.ts', '--config', 'false', '--format', 'esm', '--target', 'node20', '--out-dir', '.bench', '--silent'], {
      cwd: root,
      encoding: 'utf8',
      timeout: SLOW_TIMEOUT_MS,
    })
    expect(build.status, build.stderr).toBe(0)
    for (const workload of ['reference', 'reference-raw', 'reference-without-stores', 'no-wait', 'sqs-source', 'report-1m']) {
      const run = spawnSync(process.execPath, ['.bench/run.js', '--workload', workload, '--n', '2000'], { cwd: root, encoding: 'utf8', timeout: SLOW_TIMEOUT_MS })
      expect(run.status, run.stderr).toBe(0)
      const row = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
      expect(row).toMatchObject({ workload, n: 2000 })
      for (const field of ['wallMs', 'cpuMs', 'invocationsPerSec', 'peakRssMiB']) expect(typeof row[field]).toBe('number')
      if (workload === 'sqs-source') {
        // 2,000 messages in batches of 10: 200 invocations, every message deleted (the workload checks it).
        expect(row['invocations']).toBe(200)
        expect(typeof row['messagesPerSec']).toBe('number')
      } else if (workload !== 'no-wait') expect(row['succeeded']).toBe(2000)
      if (workload === 'report-1m') expect(row['sizeMB']).toBeGreaterThan(0)
    }
    // Issue 19's goal rows: each side of an anchored pair, at a tiny size.
    const goalSides: [string, string[]][] = [
      ['fresh-sim-plus-one-invoke', ['runsPerSec', 'loopRunsPerSec', 'msPerRun']],
      ['sequential-invoke', ['usPerCall', 'throttled']],
      ['lambda-local-sequential', ['usPerCall']],
      ['async-retry-story', ['msPerStory']],
      // ref-sim.mjs lives beside the repository on the development machines only.
      ...(existsSync(resolve(root, '../shared/bench/ref-sim.mjs')) ? ([['ref-sim-fresh', ['runsPerSec', 'loopRunsPerSec']]] as [string, string[]][]) : []),
    ]
    for (const [workload, fields] of goalSides) {
      const run = spawnSync(process.execPath, ['.bench/run.js', '--workload', workload, '--n', '200'], { cwd: root, encoding: 'utf8', timeout: SLOW_TIMEOUT_MS })
      expect(run.status, run.stderr).toBe(0)
      const row = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
      expect(row).toMatchObject({ workload, n: 200 })
      for (const field of ['wallMs', 'cpuMs', 'invocationsPerSec', 'peakRssMiB', ...fields]) expect(typeof row[field], `${workload}.${field}`).toBe('number')
    }
    // Import time: two pairs of child processes, or a row saying dist/ is not built.
    const imported = spawnSync(process.execPath, ['.bench/run.js', '--workload', 'import', '--n', '2'], { cwd: root, encoding: 'utf8', timeout: SLOW_TIMEOUT_MS })
    expect(imported.status, imported.stderr).toBe(0)
    const importRow = JSON.parse(imported.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
    expect(importRow['workload']).toBe('import ÷ node')
    if (existsSync(resolve(root, 'dist/index.js'))) for (const field of ['importMs', 'emptyNodeMs', 'overMs', 'overCpuMs', 'ratio']) expect(typeof importRow[field]).toBe('number')
    else expect(importRow['skipped']).toMatch(/not built/)
  })
})
