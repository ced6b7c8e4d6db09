import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // Declarations marked @internal (constructors the simulation calls, the engine's hooks on the
  // stores) stay out of the public types, so they name no kernel, bus or engine type.
  dts: { compilerOptions: { stripInternal: true } },
  clean: true,
  // Code splitting for CommonJS too (esbuild splits ESM only; tsup converts the split ESM to CJS):
  // index.cjs and testing.cjs then require one shared chunk, so `lambda-sim` and
  // `lambda-sim/testing` share one copy of the library — one `Simulation` class, one
  // `SimulationError` — in a CommonJS consumer as they already do in an ESM one.
  splitting: true,
  sourcemap: true,
  target: 'node20',
  // nanoid ships ESM only; bundling it keeps `require('lambda-sim')` working on every Node 20.
  noExternal: ['nanoid'],
  external: ['vitest', 'fast-check'],
})
