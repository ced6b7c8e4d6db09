/**
 * API Gateway's identifiers, from seeded streams of their own (so creating an API or answering a
 * request moves no other id of the run): API ids (10 lower-case letters and digits), resource,
 * deployment, route and integration ids, request ids, the `extendedRequestId` / `apigw-requestid`
 * (`RL2XYiwjPHcEMEQ=`-shaped) and the X-Ray header the gateway adds.
 */
import { createIdFactory, type IdFactory } from '../../kernel/ids.js'
import type { Prng } from '../../kernel/prng.js'

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export class GatewayIds {
  private readonly uuids: IdFactory

  /** `control`: ids of what the control plane creates; `requests`: ids of requests. */
  constructor(
    private readonly control: Prng,
    private readonly requests: Prng,
  ) {
    this.uuids = createIdFactory(requests)
  }

  private static draw(prng: Prng, alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[prng.nextUint32() % alphabet.length]
    return out
  }

  /** An API, resource (6), deployment (6), route (7) or integration (7) id. */
  controlId(length: number): string {
    return GatewayIds.draw(this.control, LOWER_ALNUM, length)
  }

  requestId(): string {
    return this.uuids.uuid()
  }

  /** `extendedRequestId` (REST) and `apigw-requestid` (HTTP APIs). */
  extendedRequestId(): string {
    return `${GatewayIds.draw(this.requests, BASE64ISH, 15)}=`
  }

  /** `Root=1-<epoch seconds, 8 hex>-<24 hex>`. */
  traceHeader(nowMs: number): string {
    const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0')
    return `Root=1-${seconds}-${this.uuids.hex32().slice(0, 24)}`
  }
}
