/** Types for `generate-runtimes.mjs` (imported by the test that checks the generated file). */
export declare const repoRoot: string
export declare const defaultModelPath: string
export declare const outputPath: string
export declare function generate(model: unknown): string
export declare function readModel(path?: string): unknown
