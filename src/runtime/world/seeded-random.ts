/**
 * Randomness inside a handler comes from the simulation's seeded stream, so the same seed gives
 * the same run even when handler code (or a library it uses) draws: `Math.random()` (see
 * virtual-time.ts), and `node:crypto`'s `randomUUID`, `randomBytes`, `randomFillSync`,
 * `randomInt` and `getRandomValues` (also on `globalThis.crypto`). Outside handlers they are the
 * real ones. Keys and hashes are not touched: they are not random.
 */
import crypto from 'node:crypto'
import { currentScope } from './scope.js'
import { syncWorldExports } from './virtual-time.js'

/** One byte from the scope's stream. */
function byteFrom(random: () => number): number {
  return Math.floor(random() * 256) & 255
}

function fill<T extends ArrayBufferView>(view: T, random: () => number): T {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  for (let i = 0; i < bytes.length; i++) bytes[i] = byteFrom(random)
  return view
}

function uuidFrom(random: () => number): string {
  const bytes = fill(new Uint8Array(16), random)
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

let installed = false

export function installSeededRandom(): void {
  if (installed) return
  installed = true
  const module = crypto as unknown as Record<string, unknown>
  const real = {
    randomUUID: crypto.randomUUID.bind(crypto),
    randomBytes: crypto.randomBytes.bind(crypto) as (size: number, callback?: unknown) => unknown,
    randomFillSync: crypto.randomFillSync.bind(crypto) as (view: ArrayBufferView, offset?: number, size?: number) => ArrayBufferView,
    randomInt: crypto.randomInt.bind(crypto) as (...args: unknown[]) => unknown,
  }
  const drawOf = (): (() => number) | undefined => {
    const scope = currentScope()
    return scope === undefined ? undefined : () => scope.random()
  }
  module['randomUUID'] = function randomUUID(options?: unknown): string {
    const draw = drawOf()
    return draw === undefined ? real.randomUUID(options as undefined) : uuidFrom(draw)
  }
  module['randomBytes'] = function randomBytes(size: number, callback?: (error: Error | null, buffer: Buffer) => void): unknown {
    const draw = drawOf()
    if (draw === undefined) return real.randomBytes(size, callback)
    const buffer = fill(Buffer.alloc(size), draw)
    // The callback form answers on a later tick in Node; here at once after the caller's code.
    if (typeof callback === 'function') queueMicrotask(() => callback(null, buffer))
    return typeof callback === 'function' ? undefined : buffer
  }
  module['randomFillSync'] = function randomFillSync<T extends ArrayBufferView>(view: T, offset = 0, size?: number): T {
    const draw = drawOf()
    if (draw === undefined) return real.randomFillSync(view, offset, size) as T
    const length = size ?? view.byteLength - offset
    fill(new Uint8Array(view.buffer, view.byteOffset + offset, length), draw)
    return view
  }
  module['randomInt'] = function randomInt(...args: unknown[]): unknown {
    const draw = drawOf()
    if (draw === undefined) return real.randomInt(...args)
    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as (error: Error | null, value: number) => void) : undefined
    const [min, max] = args.length === 1 ? [0, Number(args[0])] : [Number(args[0]), Number(args[1])]
    const value = min + Math.floor(draw() * (max - min))
    if (callback !== undefined) {
      queueMicrotask(() => callback(null, value))
      return undefined
    }
    return value
  }
  // `crypto.getRandomValues` on the module is a fixed getter (not replaceable); the Web Crypto
  // object's method, replaced below, serves `globalThis.crypto.getRandomValues`.
  const web = globalThis.crypto as unknown as Record<string, unknown> | undefined
  if (web !== undefined) {
    const realWebUuid = (web['randomUUID'] as () => string).bind(web)
    const realWebValues = (web['getRandomValues'] as <T extends ArrayBufferView>(view: T) => T).bind(web)
    Object.defineProperty(web, 'randomUUID', {
      configurable: true,
      writable: true,
      value: function randomUUID(): string {
        const draw = drawOf()
        return draw === undefined ? realWebUuid() : uuidFrom(draw)
      },
    })
    Object.defineProperty(web, 'getRandomValues', {
      configurable: true,
      writable: true,
      value: function getRandomValues<T extends ArrayBufferView>(view: T): T {
        const draw = drawOf()
        return draw === undefined ? realWebValues(view) : fill(view, draw)
      },
    })
  }
  // `import { randomUUID } from 'node:crypto'` sees the replacements too.
  syncWorldExports()
}
