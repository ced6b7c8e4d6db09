/**
 * Installs the handler's world once per process: `process.env`, the clock and timers, the console,
 * the watch for real I/O, and AWS requests answered by the simulation (`aws-http.ts`).
 * Each replacement asks the current scope (`scope.ts`) and is the real thing outside handlers, so
 * installing it changes nothing for code that is not a handler.
 */
import { installAwsHttp } from './aws-http.js'
import { installConsole } from './console.js'
import { installProcessEnv } from './process-env.js'
import { installRealIoWatch } from './real-io.js'
import { installSeededRandom } from './seeded-random.js'
import { installVirtualTime } from './virtual-time.js'

export function installHandlerWorld(): void {
  installProcessEnv()
  installVirtualTime()
  installConsole()
  installRealIoWatch()
  installSeededRandom()
  installAwsHttp()
}
