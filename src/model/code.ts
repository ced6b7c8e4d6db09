/**
 * What a Lambda function runs. Function code is a JavaScript closure, not a zip. Two forms:
 *
 * - a handler: `async (event, context) => result` (module scope is then empty);
 * - an init factory: `{ init: async (init) => handler }`. The factory is the module scope: it runs
 *   once per execution environment, so state it closes over persists across warm invocations of
 *   that environment, exactly as module-level variables do on Lambda.
 *
 * This is the one definition of code's shape. The objects handed to it (the invocation context,
 * the init context) belong to the runtime layer above, so they are type parameters here:
 * `runtime/handler-types.ts` names the instance users write against (`FunctionCode`), and the
 * model stores any instance (`StoredCode`).
 *
 * Code identity: `codeSha256` is the base64 SHA-256 of the closure's source text (`String(fn)`),
 * and `codeSize` its UTF-8 length. Two closures with the same source text have the same identity,
 * like two zips with the same bytes.
 */
import { createHash } from 'node:crypto'

/** `callback(error)` fails; `callback(null, result)` succeeds (nodejs22.x and earlier). */
export type Callback<TResult = unknown> = (error?: unknown, result?: TResult) => void

/** A handler, given the context type the runtime hands it. */
export type HandlerOf<TContext, TEvent = any, TResult = any> = (event: TEvent, context: TContext, callback: Callback<TResult>) => void | TResult | Promise<TResult>

/** The module scope: runs once per execution environment and returns the handler. */
export type InitFactoryOf<TInit, TContext> = (init: TInit) => HandlerOf<TContext> | Promise<HandlerOf<TContext>>

/** A function's code: a handler, or an init factory. */
export type FunctionCodeOf<TContext, TInit> = HandlerOf<TContext> | { readonly init: InitFactoryOf<TInit, TContext> }

/** Code as the model stores and the runtime calls it: the context types are the runtime's business. */
export type StoredCode = StoredHandler | { readonly init: (init: any) => unknown }
/** A handler as the runtime calls it (nodejs24.x passes no callback). */
export type StoredHandler = (event: any, context: any, callback: any) => unknown

export function isInitFactory(code: StoredCode): code is { readonly init: (init: any) => unknown } {
  return typeof code === 'object' && code !== null && typeof (code as { init?: unknown }).init === 'function'
}

/** True for a handler or an init factory: what `code` must be. */
export function isFunctionCode(value: unknown): value is StoredCode {
  return typeof value === 'function' || isInitFactory(value as StoredCode)
}

export function codeSourceText(code: StoredCode): string {
  return isInitFactory(code) ? `init:${String(code.init)}` : String(code)
}

export function codeIdentity(code: StoredCode): { codeSha256: string; codeSize: number } {
  const text = codeSourceText(code)
  return {
    codeSha256: createHash('sha256').update(text).digest('base64'),
    codeSize: Buffer.byteLength(text, 'utf8'),
  }
}
