/** A simulation with Lambda@Edge functions published as versions, and an origin that records what reaches it. */
import { createSimulation, type Simulation } from '../../../src/index.js'
import type { DistributionConfig, LambdaFunctionAssociation } from '../../../src/aws/cloudfront/api.js'

export interface OriginHit {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string
}

export interface EdgeSetup {
  readonly sim: Simulation
  /** Creates the function and publishes version 1; answers the version's ARN. */
  edge(name: string, code: (event: any, context: any) => unknown, extra?: Record<string, unknown>): string
  /** What reached the origin handler. */
  readonly hits: OriginHit[]
  /** Every event each function received, by function name. */
  readonly events: Map<string, any[]>
  /** A distribution whose only origin is the recording handler; answers its `https://…` base. */
  distribution(associations: LambdaFunctionAssociation[], more?: Partial<DistributionConfig>): { base: string; id: string; domainName: string }
}

export function edgeSetup(seed: number | Parameters<typeof createSimulation>[0] = 1, answer: (request: Request) => Response | Promise<Response> = () => new Response('from origin', { headers: { 'Content-Type': 'text/plain' } })): EdgeSetup {
  const sim = createSimulation(typeof seed === 'number' ? { seed } : seed)
  const hits: OriginHit[] = []
  const events = new Map<string, any[]>()
  return {
    sim,
    hits,
    events,
    edge(name, code, extra = {}) {
      events.set(name, [])
      sim.createFunction({
        functionName: name,
        code: async (event: any, context: any) => {
          events.get(name)?.push(structuredClone(event))
          return code(event, context)
        },
        ...extra,
      })
      return sim.publishVersion({ functionName: name }).functionArn
    },
    distribution(associations, more = {}) {
      const { distribution } = sim.cloudFront.createDistribution({
        distributionConfig: {
          origins: [
            {
              id: 'app',
              domainName: 'app.example.com',
              handler: async (request) => {
                hits.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() })
                return answer(request)
              },
            },
          ],
          defaultCacheBehavior: { targetOriginId: 'app', lambdaFunctionAssociations: associations },
          ...more,
        },
      })
      return { base: `https://${distribution.domainName}`, id: distribution.id, domainName: distribution.domainName }
    },
  }
}
