/**
 * An in-memory Amazon CloudFront: distributions (the control plane, with Lambda@Edge associations
 * checked when they are made) and the front door `sim.fetch` reaches at `https://<domain>` — each
 * request runs the edge pipeline (`edge-pipeline.ts`).
 *
 * [SIM] A distribution is deployed at once (no `InProgress`), has one cache (not one per edge
 * location, `edge-cache.ts`), and its functions run in us-east-1 itself (no regional replicas: the
 * function's own concurrency, logs and metrics).
 */
import type { Prng } from '../../kernel/prng.js'
import type { DoorContext, DoorRequest, DoorResponse, HttpDoor } from '../../http/door.js'
import type { CloudFrontApi, Distribution, DistributionConfig, DistributionSummary, Invalidation } from './api.js'
import { checkDistributionConfig, type EdgeFunctionLookup } from './associations.js'
import { EdgeCache } from './edge-cache.js'
import { behaviorFor, EdgePipeline, type OriginAccess } from './edge-pipeline.js'
import { cloudFrontErrors } from './errors.js'

interface DistributionRecord {
  readonly id: string
  readonly arn: string
  readonly domainName: string
  readonly viaHost: string
  readonly cache: EdgeCache
  config: DistributionConfig
  eTag: string
  lastModifiedMs: number
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export class CloudFrontService implements CloudFrontApi, HttpDoor {
  private readonly distributions = new Map<string, DistributionRecord>()
  private readonly byDomain = new Map<string, DistributionRecord>()

  constructor(
    /** Virtual time now, ms since the epoch. */
    private readonly nowMs: () => number,
    /** A stream of its own: distribution ids and request ids move no other draw. */
    private readonly prng: Prng,
    private readonly accountId: string,
    private readonly lookup: EdgeFunctionLookup,
    private readonly origins: OriginAccess,
  ) {}

  // ---------------------------------------------------------------- control plane

  createDistribution(input: { distributionConfig: DistributionConfig }): { distribution: Distribution; location: string; eTag: string } {
    const config = input.distributionConfig
    checkDistributionConfig(config, this.accountId, this.lookup)
    if (config.callerReference !== undefined) {
      for (const existing of this.distributions.values()) if (existing.config.callerReference === config.callerReference) throw cloudFrontErrors.alreadyExists(existing.id)
    }
    const id = `E${this.draw(UPPER, 13)}`
    const domainName = `d${this.draw(LOWER, 13)}.cloudfront.net`
    const record: DistributionRecord = {
      id,
      arn: `arn:aws:cloudfront::${this.accountId}:distribution/${id}`,
      domainName,
      viaHost: `${this.draw(HEX, 32)}.cloudfront.net`,
      cache: new EdgeCache(),
      config: { ...config, callerReference: config.callerReference ?? `lambda-sim-${id}` },
      eTag: `E${this.draw(UPPER, 13)}`,
      lastModifiedMs: this.nowMs(),
    }
    this.distributions.set(id, record)
    this.byDomain.set(domainName, record)
    return { distribution: this.view(record), location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}`, eTag: record.eTag }
  }

  getDistribution(input: { id: string }): { distribution: Distribution; eTag: string } {
    const record = this.record(input.id)
    return { distribution: this.view(record), eTag: record.eTag }
  }

  updateDistribution(input: { id: string; ifMatch: string; distributionConfig: DistributionConfig }): { distribution: Distribution; eTag: string } {
    const record = this.record(input.id)
    this.checkIfMatch(record, input.ifMatch)
    const config = input.distributionConfig
    if (config.callerReference !== undefined && config.callerReference !== record.config.callerReference) {
      throw cloudFrontErrors.invalid('The caller reference cannot be changed.') // [U] AWS: IllegalUpdate
    }
    checkDistributionConfig(config, this.accountId, this.lookup)
    record.config = { ...config, callerReference: record.config.callerReference }
    // [SIM] New behaviours start from an empty cache (their keys are numbered by position).
    record.cache.clear()
    record.eTag = `E${this.draw(UPPER, 13)}`
    record.lastModifiedMs = this.nowMs()
    return { distribution: this.view(record), eTag: record.eTag }
  }

  deleteDistribution(input: { id: string; ifMatch: string }): void {
    const record = this.record(input.id)
    this.checkIfMatch(record, input.ifMatch)
    if (record.config.enabled !== false) throw cloudFrontErrors.notDisabled()
    this.distributions.delete(record.id)
    this.byDomain.delete(record.domainName)
  }

  listDistributions(): { items: DistributionSummary[] } {
    return {
      items: [...this.distributions.values()].map((record) => ({
        id: record.id,
        arn: record.arn,
        domainName: record.domainName,
        status: 'Deployed' as const,
        enabled: record.config.enabled !== false,
        comment: record.config.comment ?? '',
      })),
    }
  }

  createInvalidation(input: { distributionId: string; invalidationBatch: { paths: readonly string[]; callerReference: string } }): { invalidation: Invalidation; location: string } {
    const record = this.record(input.distributionId)
    const { paths, callerReference } = input.invalidationBatch
    if (!Array.isArray(paths) || paths.length === 0) throw cloudFrontErrors.invalid('The parameter Paths must contain at least one path.') // [U]
    for (const path of paths) if (typeof path !== 'string' || !path.startsWith('/')) throw cloudFrontErrors.invalid(`Your request contains one or more invalid invalidation paths.`)
    if (typeof callerReference !== 'string' || callerReference.length === 0) throw cloudFrontErrors.invalid('The parameter CallerReference is required.') // [U]
    record.cache.invalidate(paths)
    const id = `I${this.draw(UPPER, 13)}`
    const invalidation: Invalidation = { id, status: 'Completed', createTime: new Date(this.nowMs()).toISOString(), invalidationBatch: { paths: [...paths], callerReference } }
    return { invalidation, location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${record.id}/invalidation/${id}` }
  }

  // ---------------------------------------------------------------- the front door

  serves(host: string): boolean {
    const record = this.byDomain.get(host)
    return record !== undefined && record.config.enabled !== false
  }

  handle(request: DoorRequest, context: DoorContext): Promise<DoorResponse> {
    const record = this.byDomain.get(request.url.hostname.toLowerCase())
    if (record === undefined) return Promise.reject(new Error(`invariant: no distribution serves ${request.url.hostname}`))
    const serving = { id: record.id, domainName: record.domainName, config: record.config, viaHost: record.viaHost, cache: record.cache }
    const requestId = `${this.draw(BASE64URL, 56)}==`
    return new EdgePipeline(serving, behaviorFor(record.config, request.url.pathname), request, context, this.origins, requestId).run()
  }

  // ---------------------------------------------------------------- helpers

  private record(id: string): DistributionRecord {
    const record = this.distributions.get(id)
    if (record === undefined) throw cloudFrontErrors.noSuchDistribution()
    return record
  }

  private checkIfMatch(record: DistributionRecord, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '') throw cloudFrontErrors.ifMatchMissing()
    if (ifMatch !== record.eTag) throw cloudFrontErrors.preconditionFailed()
  }

  private view(record: DistributionRecord): Distribution {
    return {
      id: record.id,
      arn: record.arn,
      domainName: record.domainName,
      status: 'Deployed',
      lastModifiedTime: new Date(record.lastModifiedMs).toISOString(),
      distributionConfig: record.config,
    }
  }

  private draw(alphabet: string, length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) text += alphabet[this.prng.nextUint32() % alphabet.length]
    return text
  }
}
