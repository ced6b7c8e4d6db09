/**
 * Function code is a JavaScript closure, not a zip. Two forms:
 *
 * - a handler: `async (event, context) => result` (module scope is then empty);
 * - an init factory: `{ init: async (init) => handler }`. The factory is the module scope: it runs
 *   once per execution environment, so state it closes over persists across warm invocations of
 *   that environment, exactly as module-level variables do on Lambda.
 *
 * Code identity: `codeSha256` is the base64 SHA-256 of the closure's source text (`String(fn)`),
 * and `codeSize` its UTF-8 length. Two closures with the same source text have the same identity,
 * like two zips with the same bytes.
 */
import { createHash } from 'node:crypto'

export type HandlerFunction = (event: any, context: any, callback: any) => unknown
export type InitFactory = (init: any) => unknown

export type FunctionCode = HandlerFunction | { readonly init: InitFactory }

export function isInitFactory(code: FunctionCode): code is { readonly init: InitFactory } {
  return typeof code === 'object' && code !== null && typeof (code as { init?: unknown }).init === 'function'
}

export function codeSourceText(code: FunctionCode): string {
  return isInitFactory(code) ? `init:${String(code.init)}` : String(code)
}

export function codeIdentity(code: FunctionCode): { codeSha256: string; codeSize: number } {
  const text = codeSourceText(code)
  return {
    codeSha256: createHash('sha256').update(text).digest('base64'),
    codeSize: Buffer.byteLength(text, 'utf8'),
  }
}
