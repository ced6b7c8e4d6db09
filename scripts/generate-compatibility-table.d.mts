/** Types for `generate-compatibility-table.mjs` (imported by the test that checks docs/compatibility.md). */
export declare const repoRoot: string
export declare const defaultModelPath: string
export declare const outputPath: string
export declare const STATUS: { readonly simulated: string; readonly withoutFeature: string; readonly otherIssue: string; readonly refused: string }
export declare function readModel(path?: string): unknown
export declare function classify(model: unknown): { name: string; http: string; status: string; note: string }[]
export declare function generate(model: unknown): string
