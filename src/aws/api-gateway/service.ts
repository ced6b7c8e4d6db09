/**
 * Amazon API Gateway in one simulation: REST APIs (`rest`, behind `sim.apiGateway`), HTTP APIs
 * (`http`, behind `sim.apiGatewayV2`) and the front door serving both (`door`, registered with
 * the simulation's doors by the composition root). API ids are shared between the two kinds, as
 * they share the `execute-api` host names.
 */
import type { Prng } from '../../kernel/prng.js'
import type { AccountScope } from '../../model/arn.js'
import type { EventBus } from '../../observability/bus.js'
import { ApiGatewayDoor } from './gateway-door.js'
import { GatewayIds } from './gateway-ids.js'
import { HttpApis } from './http-apis.js'
import { RestApis } from './rest-apis.js'

export class ApiGatewayService {
  readonly rest: RestApis
  readonly http: HttpApis
  readonly door: ApiGatewayDoor

  /** `prng`: a stream of API Gateway's own (its ids move no other id of the run); `bus`: where each answered request is told (`apiGateway.request`). */
  constructor(scope: AccountScope, nowMs: () => number, prng: Prng, bus: EventBus) {
    const ids = new GatewayIds(prng.fork('control'), prng.fork('requests'))
    const endpoint = (apiId: string): string => `https://${apiId}.execute-api.${scope.region}.amazonaws.com`
    const newApiId = (): string => {
      for (;;) {
        const id = ids.controlId(10)
        if (!this.rest.has(id) && !this.http.has(id)) return id
      }
    }
    this.rest = new RestApis(ids, nowMs, endpoint, newApiId)
    this.http = new HttpApis(ids, nowMs, endpoint, newApiId)
    this.door = new ApiGatewayDoor(scope, this.rest, this.http, ids, (event) => bus.emit(event))
  }
}
