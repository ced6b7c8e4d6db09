import { configDefaults, defineConfig } from 'vitest/config'
import { SLOW_TIMEOUT_MS } from './test/support/slow.js'

/**
 * The test files that build, pack, spawn processes or run tsc. They depend on dist/ (which
 * `npm test` builds first) and take seconds each; their duration is the machine's load, not the
 * library's speed.
 */
const slowFiles = [
  'test/package.test.ts', // packs, installs into a scratch consumer, runs node and tsc -b there
  'test/packaging.test.ts', // npm pack, publint, attw
  'test/docs.test.ts', // runs every doc block with tsx, tsc over all of them
  'test/demo.test.ts', // the demo scenarios at full size
  'test/cli.test.ts', // runs the built `lambda-sim` bin (dist/cli.js) in child processes
  'test/bench.test.ts', // builds the benchmark with tsup and runs it
  'test/testing/fixture.test.ts', // starts a child vitest
  'test/public-types.test.ts', // reads the built declarations in dist/
  'test/report/report-browser.test.ts', // starts headless Chromium (test/report/browser.ts)
]

/**
 * Two projects, one run: `npm test` (and `vitest run`) runs both. `vitest run --project unit` is
 * the quick loop. The unit project runs first; the slow one after it (groupOrder), so the process-
 * spawning tests do not compete with the unit tests for the CPU, and neither has to allow for the
 * other's load.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...slowFiles],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: slowFiles,
          // A generous budget that only catches a hang (test/support/slow.ts), for tests and hooks alike.
          testTimeout: SLOW_TIMEOUT_MS,
          hookTimeout: SLOW_TIMEOUT_MS,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
