/** Types for `generate-aws-constraints.mjs` (imported by the test that checks the generated file). */
export declare const repoRoot: string
export declare const defaultModelPath: string
export declare const outputPath: string
export declare const functionOutputPath: string
export declare const FUNCTION_OPERATIONS: readonly string[]
export declare function generateFunctionConstraints(model: unknown): string
export declare const ESM_SHAPES: readonly string[]
export declare function generate(model: unknown): string
export declare function readModel(path?: string): unknown
export declare const layerOutputPath: string
export declare const LAYER_SHAPES: readonly string[]
export declare function generateLayerConstraints(model: unknown): string
