/**
 * Which function a Lambda proxy integration calls: its URI (`arn:aws:apigateway:<region>:lambda:
 * path/2015-03-31/functions/<function ARN>/invocations`, or for HTTP APIs the function ARN itself),
 * with `${stageVariables.name}` filled in from the stage serving the request — the usual way to
 * send each stage to its own alias.
 */
import { apiGatewayErrors } from './errors.js'

const INVOCATION_URI = /^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:.+$/

/** The function identifier (an ARN, maybe with a qualifier or stage-variable references) an integration URI names. */
export function functionOfUri(uri: string): string | undefined {
  const invocation = INVOCATION_URI.exec(uri)
  if (invocation !== null) return invocation[1]
  return FUNCTION_ARN.test(uri) ? uri : undefined
}

/** Refuses a REST integration URI that does not name a Lambda function's invocations. */
export function checkRestIntegrationUri(uri: string): void {
  if (!uri.startsWith('arn:')) throw apiGatewayErrors.badRequest('Invalid ARN specified in the request')
  if (INVOCATION_URI.exec(uri) === null) throw apiGatewayErrors.badRequest('AWS ARN for integration must contain path or action')
}

/** Refuses an HTTP API integration URI that is neither a function ARN nor its invocation URI. */
export function checkHttpIntegrationUri(uri: string): void {
  if (functionOfUri(uri) === undefined) throw apiGatewayErrors.badRequest(`Invalid integration URI specified: ${uri}`)
}

/** `text` with each `${stageVariables.name}` replaced; `undefined` when the stage lacks one of them. */
export function withStageVariables(text: string, variables: Readonly<Record<string, string>>): string | undefined {
  let missing = false
  const filled = text.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = variables[name]
    if (value === undefined) missing = true
    return value ?? ''
  })
  return missing ? undefined : filled
}

/** The media type of a `Content-Type` or `Accept` entry, lower case, without parameters. */
export function mediaTypeOf(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

/** Whether `type` matches one of a REST API's binary media types (`image/png`, `image/*`, `*\/*`). */
export function isBinaryMediaType(type: string, binaryMediaTypes: readonly string[]): boolean {
  if (type === '') return false
  const [major, minor] = type.split('/')
  return binaryMediaTypes.some((pattern) => {
    const [patternMajor, patternMinor] = mediaTypeOf(pattern).split('/')
    return (patternMajor === '*' || patternMajor === major) && (patternMinor === '*' || patternMinor === minor)
  })
}
