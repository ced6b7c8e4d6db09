import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RecentTexts, registerCodeRoot, stableStack, stableText } from '../../src/runtime/stable-trace.js'

const own = resolve(__dirname, '../../src')
const cwd = process.cwd()

describe('runtime/stable trace (what the event log may hold of a stack)', () => {
  it("keeps the user's frames; drops Node's internals, lambda-sim's frames and everything that drove them", () => {
    registerCodeRoot('/tmp/pkg-copy-1')
    const stack = [
      'TypeError: boom',
      '    at fail (file:///tmp/pkg-copy-1/lib/fail.mjs?lambda-sim-load=7:2:9)',
      '    at runNextTicks (node:internal/process/task_queues:60:5)',
      '    at Runtime.handler (file:///tmp/pkg-copy-1/index.mjs?lambda-sim-load=7:6:3)',
      `    at HandlerRun.startV4 (${own}/runtime/handler-runner.ts:200:9)`,
      `    at Kernel.dispatch (${own}/kernel/kernel.ts:10:1)`,
      `    at drive (${cwd}/test/some.test.ts:3:4)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n')
    expect(stableStack(stack)).toEqual([
      'TypeError: boom',
      '    at fail (file:///var/task/lib/fail.mjs:2:9)',
      '    at Runtime.handler (file:///var/task/index.mjs:6:3)',
    ])
  })

  it("drops lambda-sim's leading frames (an error it threw for the handler) and renders working-directory paths relative", () => {
    const stack = [
      'RangeError: bad',
      `    at LambdaContext.sleep (${own}/runtime/context.ts:1:1)`,
      `    at handler (${cwd}/test/x.test.ts:4:5)`,
      `    at HandlerRun.startLegacy (${own}/runtime/handler-runner.ts:1:1)`,
      `    at caller (${cwd}/test/x.test.ts:9:9)`,
    ].join('\n')
    expect(stableStack(stack)).toEqual(['RangeError: bad', '    at handler (test/x.test.ts:4:5)'])
  })

  it('a logged error with a cause: each block keeps its own frames', () => {
    const text = ['Error: outer', '    at a (/tmp/pkg-copy-1/a.js:1:1)', '    at node:internal/x:1:1', '  [cause]: Error: inner', '    at b (/tmp/pkg-copy-1/b.js:2:2)'].join('\n')
    expect(stableText(text)).toBe(['Error: outer', '    at a (/var/task/a.js:1:1)', '  [cause]: Error: inner', '    at b (/var/task/b.js:2:2)'].join('\n'))
  })

  it('keeps what a few texts rendered to, by content, the oldest replaced first', () => {
    const recent = new RecentTexts<number>()
    // Texts made anew each time, as every throw makes a new stack string.
    const text = (n: number): string => ['Error: x', `    at f${n} (a.js:1:1)`].join('\n')
    recent.set(text(1), 1)
    recent.set(text(2), 2)
    expect(recent.get(text(1))).toBe(1)
    expect(recent.get(text(2))).toBe(2)
    recent.set(text(1), 11)
    expect(recent.get(text(1))).toBe(11)
    for (let n = 3; n <= 5; n++) recent.set(text(n), n)
    expect(recent.get(text(1))).toBeUndefined()
    expect([2, 3, 4, 5].map((n) => recent.get(text(n)))).toEqual([2, 3, 4, 5])
    recent.clear()
    expect(recent.get(text(5))).toBeUndefined()
  })
})
