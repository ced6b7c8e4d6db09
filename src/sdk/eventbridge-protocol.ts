/** Placeholder until this service's wire protocol lands: every request is refused. */
import type { ServiceProtocol } from './wire.js'

export const eventBridgeProtocol: ServiceProtocol = async () => ({
  statusCode: 501,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' },
  body: new TextEncoder().encode(JSON.stringify({ message: 'not simulated yet' })),
})
