/**
 * Amazon CloudFront as the simulation's users call it (`sim.cloudFront`): distributions whose cache
 * behaviours run Lambda@Edge functions on viewer and origin events. `CloudFrontService` implements it.
 *
 * The shapes are CloudFront's `DistributionConfig` in camelCase, with lists as plain arrays (no
 * `Quantity` / `Items` wrappers). An origin is either a simulated front door (a function URL, an API
 * Gateway stage, a load balancer — named by its host) or a `handler` of your own that answers
 * like a web server.
 */

/** The four points of a request's way through CloudFront where a Lambda@Edge function may run. */
export type EdgeEventType = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response'

export interface LambdaFunctionAssociation {
  /**
   * A published version's ARN in us-east-1: `arn:aws:lambda:us-east-1:<account>:function:<name>:<version>`
   * (not `$LATEST`, not an alias).
   */
  readonly lambdaFunctionArn: string
  readonly eventType: EdgeEventType
  /** `viewer-request` and `origin-request` only: the request body is given to the function (base64). */
  readonly includeBody?: boolean
}

export interface DefaultCacheBehavior {
  /** The `id` of the origin requests go to. */
  readonly targetOriginId: string
  /**
   * One of AWS's managed cache policies (`MANAGED_CACHE_POLICIES`): `CachingOptimized` keeps GET and
   * HEAD answers by path for the origin's `max-age` (a day without one); `CachingDisabled`, the
   * default here ([SIM]: AWS's console proposes `CachingOptimized`), sends every request to the origin.
   */
  readonly cachePolicyId?: string
  /**
   * The methods CloudFront accepts for the behaviour, one of CloudFront's three sets: `['GET',
   * 'HEAD']` (the default, as on AWS), `['GET', 'HEAD', 'OPTIONS']`, or all seven (`DELETE`, `GET`,
   * `HEAD`, `OPTIONS`, `PATCH`, `POST`, `PUT`) — needed for forms and APIs behind the distribution.
   * Any other method gets CloudFront's 403 page, before any function runs.
   */
  readonly allowedMethods?: readonly string[]
  /** At most one per event type. */
  readonly lambdaFunctionAssociations?: readonly LambdaFunctionAssociation[]
}

export interface CacheBehavior extends DefaultCacheBehavior {
  /** CloudFront's path pattern: `*` any characters, `?` one; case-sensitive (`/images/*.jpg`). */
  readonly pathPattern: string
}

/** The request an origin `handler` receives: what CloudFront forwards, at the origin's URL. */
export type OriginHandler = (request: Request) => Response | Promise<Response>

export interface Origin {
  /** Unique in the distribution; cache behaviours name it in `targetOriginId`. */
  readonly id: string
  /**
   * The origin's host. With a `handler`, any name (the handler answers); without one, the host of
   * a simulated front door (`<url-id>.lambda-url.us-east-1.on.aws`, …) — another name is an
   * origin CloudFront cannot resolve (502).
   */
  readonly domainName: string
  /** Prefixed to every forwarded path (`/prod`); starts with `/`, no trailing `/`. */
  readonly originPath?: string
  /** Header lines CloudFront adds to every request it forwards to this origin. */
  readonly customHeaders?: Readonly<Record<string, string>>
  /** [SIM] The origin server itself: answers what CloudFront forwards (no network, no virtual time). */
  readonly handler?: OriginHandler
}

export interface DistributionConfig {
  /** Unique per distribution; made up when omitted. */
  readonly callerReference?: string
  readonly comment?: string
  /** Default `true`. [SIM] A disabled distribution answers no request (its host does not resolve). */
  readonly enabled?: boolean
  readonly origins: readonly Origin[]
  readonly defaultCacheBehavior: DefaultCacheBehavior
  /** Matched in order against the request path; the default behaviour takes the rest. */
  readonly cacheBehaviors?: readonly CacheBehavior[]
}

export interface Distribution {
  /** `E` and 13 upper-case letters and digits. */
  readonly id: string
  readonly arn: string
  /** `d…….cloudfront.net`: `sim.fetch('https://' + domainName + '/path')` reaches it. */
  readonly domainName: string
  /** [SIM] Deployed at once. */
  readonly status: 'Deployed'
  /** ISO-8601, virtual time. */
  readonly lastModifiedTime: string
  readonly distributionConfig: DistributionConfig
}

export interface DistributionSummary {
  readonly id: string
  readonly arn: string
  readonly domainName: string
  readonly status: 'Deployed'
  readonly enabled: boolean
  readonly comment: string
}

export interface CloudFrontApi {
  /**
   * `CreateDistribution`. Each Lambda@Edge association is checked as CloudFront checks it (a numbered
   * version in us-east-1, no environment variables, memory and timeout within the trigger's limits,
   * …) and refused with `InvalidLambdaFunctionAssociation`.
   */
  createDistribution(input: { distributionConfig: DistributionConfig }): { distribution: Distribution; location: string; eTag: string }
  /** `GetDistribution`. */
  getDistribution(input: { id: string }): { distribution: Distribution; eTag: string }
  /** `UpdateDistribution`: the whole new configuration; `ifMatch` is the `eTag` last returned. */
  updateDistribution(input: { id: string; ifMatch: string; distributionConfig: DistributionConfig }): { distribution: Distribution; eTag: string }
  /** `DeleteDistribution`: only a disabled distribution; `ifMatch` is the `eTag` last returned. */
  deleteDistribution(input: { id: string; ifMatch: string }): void
  /** `ListDistributions`: creation order, one page. */
  listDistributions(): { items: DistributionSummary[] }
  /**
   * `CreateInvalidation`: removes cached answers whose path matches (`/a.png`, `/images/*`, `/*`);
   * [SIM] completed at once.
   */
  createInvalidation(input: { distributionId: string; invalidationBatch: { paths: readonly string[]; callerReference: string } }): { invalidation: Invalidation; location: string }
}

export interface Invalidation {
  readonly id: string
  readonly status: 'Completed'
  /** ISO-8601, virtual time. */
  readonly createTime: string
  readonly invalidationBatch: { readonly paths: readonly string[]; readonly callerReference: string }
}
