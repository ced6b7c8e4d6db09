/**
 * lambda-sim/testing: the testing kit.
 *
 * - `withSimulation(test)`: a vitest fixture giving each test a fresh, name-seeded simulation and
 *   the replay line on failure;
 * - fast-check arbitraries for fault plans (invocations and event source mapping batches), arrival
 *   schedules, queue and stream workloads, decision lists and seeds;
 * - `assertSimProperty` / `simProperty`: property tests over simulations that report the shrunk
 *   counterexample's replay line, and `replay(line, scenario)` to run it again;
 * - run helpers: `eventLogHash`, `freshSimulation`, `decodeLogResult`.
 *
 * Needs fast-check (an optional peer dependency of lambda-sim) installed; vitest only for the
 * fixture's types.
 */
export { decodeLogResult, eventLogHash, freshSimulation } from './run-helpers.js'
export { seedFromName, withSimulation } from './fixture.js'
export type { SimulationFixture, SimulationFixtureOptions } from './fixture.js'
export {
  arrivalScheduleArbitrary,
  batchFaultPlanArbitrary,
  decisionListArbitrary,
  DEFAULT_BATCH_FAULT_KINDS,
  DEFAULT_FAULT_KINDS,
  faultPlanArbitrary,
  queueWorkloadArbitrary,
  seedArbitrary,
  STREAM_WRITE_OPERATIONS,
  streamWorkloadArbitrary,
} from './arbitraries.js'
export type {
  ArrivalScheduleArbitraryOptions,
  BatchFaultPlanArbitraryOptions,
  DecisionListArbitraryOptions,
  FaultPlanArbitraryOptions,
  QueueMessage,
  QueueWorkloadArbitraryOptions,
  StreamWorkloadArbitraryOptions,
  StreamWrite,
  StreamWriteOperation,
} from './arbitraries.js'
export { playArrivals, sendQueueWorkload, sendStreamWorkload } from './arrivals.js'
export type { StreamWorkloadTarget } from './arrivals.js'
export { formatReplayLine, parseReplayLine, replayLineOf } from './replay-line.js'
export type { ReplaySpec } from './replay-line.js'
export { replay } from './replay.js'
export type { ReplayResult, Scenario, ScenarioOptions, SimSetup } from './replay.js'
export { assertSimProperty, SimPropertyFailure, simProperty } from './property.js'
export type { AssertSimPropertyOptions, PropertyScenario, ScenarioInputs, SimArbitraries, SimPropertyFailureDetails, SimPropertyOptions, SimSetupInputs, SimValues } from './property.js'
