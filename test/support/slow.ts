/**
 * The time budget of the `slow` test project (see vitest.config.ts): the tests that build, pack,
 * spawn processes or run tsc. How long they take depends on how busy the machine is — a loaded
 * 2-core CI box can be many times slower than a laptop — so they get no short fixed timeout. This
 * budget only stops a test, a hook or a child process that hangs; it is not a speed check.
 *
 * `LAMBDA_SIM_SLOW_TIMEOUT_MS` overrides it; 0 means no timeout at all.
 */
const override = process.env['LAMBDA_SIM_SLOW_TIMEOUT_MS']

export const SLOW_TIMEOUT_MS: number = override !== undefined && override !== '' && Number(override) >= 0 ? Number(override) : 15 * 60_000
