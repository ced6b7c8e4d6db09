/**
 * `process.env` inside a handler is its execution environment's: the function's variables and the
 * ones Lambda sets (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, `_HANDLER`, fake credentials, the
 * invocation's `_X_AMZN_TRACE_ID`, …). Writes stay in that environment, as they stay in its process
 * on Lambda. Outside handlers `process.env` is the real one, untouched.
 *
 * How: `process.env` becomes a proxy over the real object that asks the current scope on every
 * access, so invocations of different functions (and of different simulations) interleaving in
 * one process each see their own.
 */
import { currentScope } from './scope.js'

const TRACE_KEY = '_X_AMZN_TRACE_ID'

/**
 * Where the AWS SDK looks for its shared config and credentials files (`~/.aws/config`,
 * `~/.aws/credentials` by default). A Lambda function has none, and reading the developer's would
 * be real file I/O (an escape) whose contents differ between machines. Read by code inside a
 * handler when the function does not set them, these variables hold a path no file can have (it
 * starts with a NUL byte): the SDK's read fails at once, without touching the disk, and the SDK
 * goes on as it does on Lambda with no files. They are not listed among the keys (`Object.keys`,
 * `in`) — only a direct read sees them.
 */
const NO_SHARED_FILE = '\0lambda-sim: no shared AWS config files inside a handler, as on Lambda'
const SHARED_FILE_KEYS: ReadonlySet<string | symbol> = new Set(['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'])

function envOf(): Record<string, string> | undefined {
  return currentScope()?.processEnv()
}

let installed = false

export function installProcessEnv(): void {
  if (installed) return
  installed = true
  const real = process.env
  const traced = (env: Record<string, string>, key: string | symbol): string | undefined => {
    if (key === TRACE_KEY && !Object.prototype.hasOwnProperty.call(env, TRACE_KEY)) return currentScope()?.traceHeader()
    return typeof key === 'string' ? env[key] : undefined
  }
  const read = (env: Record<string, string>, key: string | symbol): string | undefined => {
    const value = traced(env, key)
    return value === undefined && SHARED_FILE_KEYS.has(key) ? NO_SHARED_FILE : value
  }
  process.env = new Proxy(real, {
    get(target, key) {
      const env = envOf()
      return env === undefined ? Reflect.get(target, key) : read(env, key)
    },
    set(target, key, value) {
      const env = envOf()
      // Like the real process.env, values become strings.
      if (env === undefined) return Reflect.set(target, key, value)
      if (typeof key === 'string') env[key] = String(value)
      return true
    },
    has(target, key) {
      const env = envOf()
      if (env === undefined) return Reflect.has(target, key)
      return typeof key === 'string' && (key in env || (key === TRACE_KEY && traced(env, key) !== undefined))
    },
    deleteProperty(target, key) {
      const env = envOf()
      if (env === undefined) return Reflect.deleteProperty(target, key)
      if (typeof key === 'string') delete env[key]
      return true
    },
    ownKeys(target) {
      const env = envOf()
      if (env === undefined) return Reflect.ownKeys(target)
      const keys = Object.keys(env)
      if (!keys.includes(TRACE_KEY) && traced(env, TRACE_KEY) !== undefined) keys.push(TRACE_KEY)
      return keys
    },
    getOwnPropertyDescriptor(target, key) {
      const env = envOf()
      if (env === undefined) return Reflect.getOwnPropertyDescriptor(target, key)
      const value = traced(env, key)
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true }
    },
    defineProperty(target, key, descriptor) {
      const env = envOf()
      if (env === undefined) return Reflect.defineProperty(target, key, descriptor)
      if (typeof key === 'string') env[key] = String(descriptor.value)
      return true
    },
  })
}
