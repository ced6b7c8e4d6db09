/**
 * The types user code is written against. A handler receives the simulated `LambdaContext`, which
 * is structurally an `@types/aws-lambda` `Context`, so handlers typed with `Handler<…>`,
 * `SQSHandler`, `APIGatewayProxyHandlerV2`, … are accepted as they are.
 */
import type { Callback, FunctionCodeOf, HandlerOf, InitFactoryOf } from '../model/code.js'
import type { InitContext, LambdaContext } from './context.js'

export type { Callback }

/** A handler as users write it: it receives the simulated `LambdaContext`. */
export type Handler<TEvent = any, TResult = any> = HandlerOf<LambdaContext, TEvent, TResult>

/** The module scope: runs once per execution environment and returns the handler. */
export type InitFactory = InitFactoryOf<InitContext, LambdaContext>

/** A function's code: a handler, or an init factory (model/code.ts defines the shape). */
export type FunctionCode = FunctionCodeOf<LambdaContext, InitContext>
