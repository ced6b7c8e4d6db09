/**
 * Real I/O started by handler code — a file, a socket, a DNS lookup, a child process, a timer
 * from a `setTimeout` captured before the handler's world was installed — is an escape: the
 * simulation cannot see when it ends, so virtual time cannot follow it. It is found when the
 * resource is created (an async hook), not by waiting to see whether it ends in time, so the
 * verdict is the same in every run, however fast the real world answers. Work wrapped in
 * `context.external(promise)` is admitted.
 *
 * Synchronous I/O (`fs.readFileSync` of a config file at module scope) creates no async resource
 * and is allowed, as it does not let time pass.
 *
 * Loading a deployment package's ES modules reads files too (`runtime/module-handler.ts`): while the
 * loader fetches the module graph — before any of the package's code runs — the init's scope is
 * marked as loading and its reads are not the code's. The mark ends the moment the graph starts to
 * evaluate, so top-level code that starts real I/O is judged as any handler code is.
 */
import { isInsideRealtimeDoor } from '../../kernel/realtime.js'
import { watchScopedResources, type HandlerScope } from './scope.js'

/** Async resource types that are real I/O, and how the escape message names them. */
const REAL_IO: Readonly<Record<string, string>> = {
  FSREQCALLBACK: 'file I/O',
  FSREQPROMISE: 'file I/O',
  FILEHANDLE: 'file I/O',
  STATWATCHER: 'a file watcher',
  FSEVENTWRAP: 'a file watcher',
  TCPWRAP: 'a network connection',
  TCPCONNECTWRAP: 'a network connection',
  TCPSERVERWRAP: 'a network server',
  PIPEWRAP: 'a pipe',
  PIPECONNECTWRAP: 'a pipe',
  UDPWRAP: 'a UDP socket',
  UDPSENDWRAP: 'a UDP socket',
  GETADDRINFOREQWRAP: 'a DNS lookup',
  GETNAMEINFOREQWRAP: 'a DNS lookup',
  QUERYWRAP: 'a DNS lookup',
  PROCESSWRAP: 'a child process',
  WORKER: 'a worker thread',
  Timeout: 'a real setTimeout/setInterval',
  Immediate: 'a real setImmediate',
}

let installed = false

/** Scopes whose module graph is being fetched by the module loader (no user code runs meanwhile). */
const loadingModules = new WeakSet<object>()

/** Marks `scope` as loading modules; the returned function ends the mark. */
export function markModuleLoading(scope: object): () => void {
  loadingModules.add(scope)
  return () => {
    loadingModules.delete(scope)
  }
}

export function installRealIoWatch(): void {
  if (installed) return
  installed = true
  // The scope's own async hook calls this for each resource but a promise made while a scope runs
  // (one hook for both: `scope.ts`).
  watchScopedResources(noticeResource)
}

function noticeResource(scope: HandlerScope, type: string): void {
  const what = REAL_IO[type]
  if (what === undefined || isInsideRealtimeDoor()) return
  if (!loadingModules.has(scope)) scope.kernel.touchedRealWorld(scope.task, what)
}
