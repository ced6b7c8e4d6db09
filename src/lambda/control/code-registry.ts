/**
 * Code for functions created through the AWS SDK. A closure (or a package directory,
 * `{ directory }`) cannot travel in `Code.ZipFile`, so it is registered with the simulation under a name first; the SDK then carries a small token in
 * place of the zip (`sim.registerCode(name, code)` returns `{ ZipFile: token }`), or names the code
 * as an S3 object (`Code: { S3Bucket: 'lambda-sim', S3Key: name }`). The protocol turns either
 * back into the closure. One registry per simulation.
 */
import { LambdaError } from '../../errors/lambda-error.js'
import { SimulationError } from '../../kernel/simulation-error.js'
import { isFunctionCode } from '../../model/code.js'
import type { FunctionCode } from '../../runtime/handler-types.js'

/** The S3 bucket that holds registered code. */
export const CODE_BUCKET = 'lambda-sim'

/** What a token's bytes start with; the registered name follows. A real zip starts with `PK`. */
const TOKEN_PREFIX = 'lambda-sim:code:'

/** AWS's answer when `ZipFile` is not a zip it can open (here: anything but a registered token). */
const BAD_ARCHIVE = 'Could not unzip uploaded file. Please check your file, then try to upload again.'

export class CodeRegistry {
  private readonly codeByName = new Map<string, FunctionCode>()

  constructor(private readonly replayLine: () => string) {}

  /**
   * Registers `code` as `name` (registering a name again replaces its code, as uploading an S3
   * object to the same key does) and returns the token to pass as `Code` / `ZipFile`.
   */
  register(name: string, code: FunctionCode): { ZipFile: Uint8Array } {
    if (typeof name !== 'string' || name.length === 0) {
      throw new SimulationError('invalid-argument', 'registerCode needs a non-empty name', this.replayLine())
    }
    if (!isFunctionCode(code)) {
      throw new SimulationError('invalid-argument', `registerCode("${name}") needs a handler function, { init: factory } or { directory }`, this.replayLine())
    }
    this.codeByName.set(name, code)
    return { ZipFile: new TextEncoder().encode(`${TOKEN_PREFIX}${name}`) }
  }

  /** The code a `ZipFile` token stands for; AWS's bad-archive error for anything else. */
  fromZipFile(bytes: Uint8Array): FunctionCode {
    const text = new TextDecoder().decode(bytes)
    const code = text.startsWith(TOKEN_PREFIX) ? this.codeByName.get(text.slice(TOKEN_PREFIX.length)) : undefined
    if (code === undefined) throw new LambdaError('InvalidParameterValueException', BAD_ARCHIVE)
    return code
  }

  /** The code registered as `key`, read from the `lambda-sim` bucket; AWS's S3 errors otherwise. */
  fromS3(bucket: string, key: string): FunctionCode {
    if (bucket !== CODE_BUCKET) {
      throw new LambdaError(
        'InvalidParameterValueException',
        'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
      )
    }
    const code = this.codeByName.get(key)
    if (code === undefined) {
      throw new LambdaError(
        'InvalidParameterValueException',
        'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
      )
    }
    return code
  }
}
