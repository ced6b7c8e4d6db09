/**
 * Stack text as the event log may hold it: only what the seed and the user's code determine.
 *
 * A real stack holds frames no seed decides: Node's own (`runNextTicks (node:internal/…)` appears
 * or not depending on what else the process runs), lambda-sim's machinery, whoever called the
 * drive (a test runner, another simulation), and absolute paths (the same package loaded from
 * another directory). The rule, for every trace, `Invoke Error` / `Uncaught Exception` line and
 * logged stack:
 * - frames of Node's internals (`node:…`) are dropped;
 * - frames of lambda-sim are dropped, and so is every frame below the first lambda-sim frame that
 *   follows a user frame (that is the simulator calling the user's code, and whoever drove it);
 * - a path inside a loaded deployment package reads `/var/task/…`, as on Lambda; any other path
 *   under the working directory reads relative to it; the per-load `?lambda-sim-load=N` is left out.
 */
import { realpathSync } from 'node:fs'
import { resolve, sep } from 'node:path'

/**
 * lambda-sim's own directory (src/ or dist/), found from this module's stack frame (this file sits
 * in `runtime/`). Worked out on first use, not at import: the first stack trace a process formats
 * costs a few milliseconds of `import('lambda-sim')` otherwise (issue 19).
 */
let ownRootFound = false
let ownRootValue: string | undefined
function ownRoot(): string | undefined {
  if (!ownRootFound) {
    ownRootFound = true
    const frame = (new Error().stack ?? '').split('\n')[1] ?? ''
    const match = /((?:file:\/\/)?\/[^():]*)\/([^/():]+)\/[^/():]+\.[cm]?[jt]s:\d+:\d+\)?$/.exec(frame.trim())
    ownRootValue = match === null ? undefined : match[2] === 'runtime' ? (match[1] as string) : `${match[1] as string}/${match[2] as string}`
  }
  return ownRootValue
}

/** Where deployment packages are on Lambda. */
const TASK_ROOT = '/var/task'

/** The per-load query of a package's ES modules (`module-handler.ts`). */
const LOAD_QUERY_PATTERN = /\?lambda-sim-load=\d+/g

/** Directories deployment packages were loaded from (with their real paths). */
const codeRoots = new Set<string>()
/** Path prefixes to rewrite, longest first (rebuilt when a root is added). */
let rewrites: readonly (readonly [string, string])[] = []
/** Counts rebuilds of `rewrites`: text made stable under an older count may read differently now. */
let rewritesGeneration = 0

/** Changes whenever stable paths may render differently (a code root was added): for callers that keep rendered text. */
export function stableTraceGeneration(): number {
  return rewritesGeneration
}

function rebuildRewrites(): void {
  const pairs: [string, string][] = []
  for (const root of codeRoots) {
    pairs.push([`file://${root}/`, `file://${TASK_ROOT}/`], [`${root}/`, `${TASK_ROOT}/`])
  }
  const cwd = process.cwd()
  if (cwd !== sep) pairs.push([`file://${cwd}/`, ''], [`${cwd}/`, ''])
  pairs.sort((a, b) => b[0].length - a[0].length)
  rewrites = pairs
  rewritesGeneration++
}
rebuildRewrites()

/** Marks `directory` as a deployment package: paths inside it render as `/var/task/…`. */
export function registerCodeRoot(directory: string): void {
  const absolute = resolve(directory).replace(/[\\/]+$/, '')
  let real = absolute
  try {
    real = realpathSync(absolute)
  } catch {
    // A directory that does not exist loads nothing; its path is kept as given.
  }
  if (codeRoots.has(absolute) && codeRoots.has(real)) return
  codeRoots.add(absolute)
  codeRoots.add(real)
  rebuildRewrites()
  lastStable.clear()
}

/** `text` with package paths as `/var/task/…` and working-directory paths relative. */
export function stablePaths(text: string): string {
  let out = text.includes('?lambda-sim-load=') ? text.replace(LOAD_QUERY_PATTERN, '') : text
  if (!out.includes('/')) return out
  for (const [from, to] of rewrites) if (out.includes(from)) out = out.split(from).join(to)
  return out
}

const FRAME = /^\s*at /

const isNodeInternal = (line: string): boolean => line.includes('(node:') || /^\s*at (?:async )?node:/.test(line)
const isOwn = (line: string): boolean => {
  const root = ownRoot()
  return root !== undefined && line.includes(`${root}/`)
}

/**
 * What the last few distinct texts rendered to, by text (equal content, not identity: every throw
 * makes a new stack string). A failed invocation reads its error's stack twice (the payload's
 * `trace` and the `Invoke Error` line) and a retried one throws the same stack again — but not
 * always from the same path: a cold start calls the handler from init's end, a warm one from the
 * attempt's start, so one function's stacks alternate between two texts, and one slot kept missing.
 * A few slots, replaced oldest first; a value is never `undefined` (that means a miss).
 */
export class RecentTexts<V> {
  private readonly keys: (string | undefined)[] = [undefined, undefined, undefined, undefined]
  private readonly values: (V | undefined)[] = [undefined, undefined, undefined, undefined]
  private next = 0

  get(text: string): V | undefined {
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) if (keys[i] === text) return this.values[i]
    return undefined
  }

  set(text: string, value: V): V {
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === text) {
        this.values[i] = value
        return value
      }
    }
    keys[this.next] = text
    this.values[this.next] = value
    this.next = (this.next + 1) % keys.length
    return value
  }

  clear(): void {
    this.keys.fill(undefined)
    this.values.fill(undefined)
    this.next = 0
  }
}

/** Stack texts made stable lately and their lines. */
const lastStable = new RecentTexts<readonly string[]>()

/** The stack's lines under the rule above (non-frame lines — the message, a `cause` header — are kept). */
export function stableStack(stack: string): string[] {
  const known = lastStable.get(stack)
  if (known !== undefined) return known.slice()
  const out: string[] = []
  let seenUser = false
  let cut = false
  for (const line of stack.split('\n')) {
    if (!FRAME.test(line)) {
      // A new block (a message line, or a nested cause's header) starts over.
      seenUser = false
      cut = false
      out.push(stablePaths(line))
      continue
    }
    if (cut || isNodeInternal(line)) continue
    if (isOwn(line)) {
      if (seenUser) cut = true
      continue
    }
    seenUser = true
    out.push(stablePaths(line))
  }
  lastStable.set(stack, out.slice())
  return out
}

/** True when `text` holds a stack frame line (cheap test before `stableText`). */
export function holdsFrames(text: string): boolean {
  return text.includes('    at ')
}

/** Free text (a logged error, say) with its stack frames under the rule above. */
export function stableText(text: string): string {
  return holdsFrames(text) ? stableStack(text).join('\n') : stablePaths(text)
}
