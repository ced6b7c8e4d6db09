/**
 * The `lambda-sim` command's exit codes: the AWS CLI v2's return codes
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-return-codes.html), read for a
 * simulation — the scenario is the "command", the simulated services are the "service".
 */
export const EXIT = {
  /** The command succeeded. */
  success: 0,
  /** Interrupted with Ctrl-C (SIGINT), as the AWS CLI and shells report it. */
  interrupted: 130,
  /** The command line did not parse: an unknown command, option or story, a bad option value. */
  usage: 252,
  /** The environment or configuration is invalid: the scenario file is missing, does not load or has no usable export, its options are refused, an output file cannot be written. */
  configuration: 253,
  /** The scenario ran and a simulated service answered with an error it did not handle (an `AwsError`, or an AWS SDK service exception). */
  serviceError: 254,
  /** Any other failure: the scenario threw something else (a `SimulationError`, an assertion…). */
  failure: 255,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** The exit codes as the help text and docs list them. */
export const EXIT_CODES_HELP = [
  `${EXIT.success}    success`,
  `${EXIT.interrupted}  interrupted (Ctrl-C)`,
  `${EXIT.usage}  the command line is invalid (unknown command, option or story; bad value)`,
  `${EXIT.configuration}  the scenario file or configuration is invalid (missing file, no usable export, options refused, output not writable)`,
  `${EXIT.serviceError}  a simulated AWS service returned an error the scenario did not handle (AwsError, SDK service exception)`,
  `${EXIT.failure}  any other failure (SimulationError, a thrown error)`,
].join('\n')
