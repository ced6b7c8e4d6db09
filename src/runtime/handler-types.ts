/**
 * The types user code is written against. A handler receives the simulated `LambdaContext`, which
 * is structurally an `@types/aws-lambda` `Context`, so handlers typed with `Handler<…>`,
 * `SQSHandler`, `APIGatewayProxyHandlerV2`, … are accepted as they are.
 */
import type { InitContext, LambdaContext } from './context.js'

/** `callback(error)` fails; `callback(null, result)` succeeds (nodejs22.x and earlier). */
export type Callback<TResult = unknown> = (error?: unknown, result?: TResult) => void

export type Handler<TEvent = any, TResult = any> = (event: TEvent, context: LambdaContext, callback: Callback<TResult>) => void | TResult | Promise<TResult>

/** The module scope: runs once per execution environment and returns the handler. */
export type InitFactory = (init: InitContext) => Handler | Promise<Handler>

/** A function's code: a handler, or an init factory. */
export type FunctionCode = Handler | { readonly init: InitFactory }
