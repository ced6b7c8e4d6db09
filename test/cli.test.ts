/**
 * The `lambda-sim` command as a user runs it: the BUILT bin (dist/cli.js, which `npm test` builds
 * with tsup first) in a child process, exit codes and all. In the `slow` project (vitest.config.ts)
 * because it spawns node.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { WALL_CLOCK_PREFIX } from '../demo/run.js'

const root = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> }
const bin = join(root, pkg.bin['lambda-sim'] ?? 'missing-bin')

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

async function lambdaSim(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: root })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** Everything but the lines that report real (wall-clock) time. */
const withoutWallClock = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.startsWith(WALL_CLOCK_PREFIX))
    .join('\n')

describe('lambda-sim (the built bin)', () => {
  it('--help names the demo command; demo --help its options', async () => {
    const top = await lambdaSim('--help')
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('$ lambda-sim <command> [options]')
    expect(top.stdout).toMatch(/demo \[\.\.\.stories\]/)
    const demo = await lambdaSim('demo', '--help')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain('--list')
    expect(demo.stdout).toContain('--seed <n>')
  })

  it('--version prints the package version', async () => {
    const run = await lambdaSim('--version')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^lambda-sim/${pkg.version.replaceAll('.', '\\.')} `))
  })

  it('demo --list names every story and runs none', async () => {
    const run = await lambdaSim('demo', '--list')
    expect(run.code).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['basics', 'routing', 'concurrency', 'async', 'sqs'])
    expect(run.stdout).not.toContain(WALL_CLOCK_PREFIX)
  })

  it('demo <story> --seed 7 runs that story alone with that seed, the same twice apart from the wall clock', async () => {
    const [first, second] = await Promise.all([lambdaSim('demo', 'sqs', '--seed', '7'), lambdaSim('demo', 'sqs', '--seed', '7')])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('lambda-sim SQS demo: a batch consumer with partial failures (seed=7)')
    expect(first.stdout).not.toContain('Scenario 2:') // only the story asked for
    expect(first.stdout).toContain(WALL_CLOCK_PREFIX)
    expect(withoutWallClock(second.stdout)).toBe(withoutWallClock(first.stdout))
    // Another seed draws other ids: the seed reached the simulation.
    const other = await lambdaSim('demo', 'sqs', '--seed', '8')
    expect(withoutWallClock(other.stdout)).not.toBe(withoutWallClock(first.stdout))
  })

  it('an unknown story is a usage error naming the stories, with exit code 2 and nothing run', async () => {
    const run = await lambdaSim('demo', 'sqs', 'nope')
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe('lambda-sim: unknown story "nope"; the stories are: basics, routing, concurrency, async, sqs')
    expect(run.stdout).toBe('')
  })

  it('a seed that is not a non-negative integer is a usage error', async () => {
    const run = await lambdaSim('demo', 'sqs', '--seed', 'x')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--seed takes a non-negative integer')
  })
})
