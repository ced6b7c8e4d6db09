import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // nanoid ships ESM only; bundling it keeps `require('lambda-sim')` working on every Node 20.
  noExternal: ['nanoid'],
  external: ['vitest', 'fast-check'],
})
