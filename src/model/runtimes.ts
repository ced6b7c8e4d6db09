/** The Node.js runtimes a function can name (`Runtime`). */
export const RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const
export type NodeRuntime = (typeof RUNTIMES)[number]
