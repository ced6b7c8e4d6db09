/**
 * What API Gateway's control plane answers (both `apigateway` and `apigatewayv2`, REST-JSON):
 * the exception name, its HTTP status and a `{ message }` body.
 */
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type ApiGatewayErrorName = 'BadRequestException' | 'NotFoundException' | 'ConflictException'

const table: AwsErrorTable<ApiGatewayErrorName> = {
  statusByName: { BadRequestException: 400, NotFoundException: 404, ConflictException: 409 },
  faults: 'user-service',
}

export class ApiGatewayError extends AwsError<ApiGatewayErrorName> {
  constructor(name: ApiGatewayErrorName, message: string) {
    super(table, name, message)
  }

  toJSON(): Record<string, unknown> {
    return { message: this.message }
  }
}

const notFound = (what: string) => (): ApiGatewayError => new ApiGatewayError('NotFoundException', `Invalid ${what} identifier specified`)

export const apiGatewayErrors = {
  restApiNotFound: notFound('REST API'),
  resourceNotFound: notFound('Resource'),
  methodNotFound: notFound('Method'),
  integrationNotFound: notFound('Integration'),
  stageNotFound: notFound('Stage'),
  deploymentNotFound: notFound('Deployment'),
  httpApiNotFound: (apiId: string) => new ApiGatewayError('NotFoundException', `Invalid API identifier specified ${apiId}`),
  routeNotFound: (routeId: string) => new ApiGatewayError('NotFoundException', `Invalid Route identifier specified ${routeId}`),
  httpStageNotFound: (stageName: string) => new ApiGatewayError('NotFoundException', `Invalid stage identifier specified ${stageName}`),
  badRequest: (message: string) => new ApiGatewayError('BadRequestException', message),
  conflict: (message: string) => new ApiGatewayError('ConflictException', message),
}
