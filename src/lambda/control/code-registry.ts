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

/**
 * The size a registered package declares, as if it were a real zip: `zippedBytes` is what an upload
 * (or an S3 object) weighs and what `CodeSize` reports; `unzippedBytes` what it unpacks to.
 */
export interface DeclaredCodeSize {
  readonly zippedBytes?: number
  readonly unzippedBytes?: number
}

/** The operations that upload code. */
export type CodeUploadOperation = 'CreateFunction' | 'UpdateFunctionCode'

/** [S] The largest request AWS accepts for CreateFunction / UpdateFunctionCode (a zip of about 50 MB, base64). */
export const CODE_REQUEST_LIMIT_BYTES = 70_167_211
/** [V] `CodeSizeUnzipped`: 250 MB for the function's code (layers count too on AWS). */
export const CODE_UNZIPPED_LIMIT_BYTES = 262_144_000

/** The request size a direct upload of `zippedBytes` makes: the zip travels base64-encoded. */
function uploadRequestBytes(zippedBytes: number): number {
  return 4 * Math.ceil(zippedBytes / 3)
}

/** AWS's refusals for a package's declared size; `direct`: the zip travels in the request (`ZipFile`). */
export function checkCodeSize(size: DeclaredCodeSize | undefined, operation: CodeUploadOperation, direct: boolean): void {
  if (size === undefined) return
  if (direct && size.zippedBytes !== undefined && uploadRequestBytes(size.zippedBytes) > CODE_REQUEST_LIMIT_BYTES) {
    throw new LambdaError('RequestEntityTooLargeException', `Request must be smaller than ${CODE_REQUEST_LIMIT_BYTES} bytes for the ${operation} operation`)
  }
  if (size.unzippedBytes !== undefined && size.unzippedBytes > CODE_UNZIPPED_LIMIT_BYTES) {
    throw new LambdaError('InvalidParameterValueException', `Unzipped size must be smaller than ${CODE_UNZIPPED_LIMIT_BYTES} bytes`)
  }
}

function validSize(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
}

export class CodeRegistry {
  private readonly codeByName = new Map<string, FunctionCode>()
  private readonly sizeByName = new Map<string, DeclaredCodeSize>()
  /** By code object, so CreateFunction (any path) can report the size of registered code. */
  private readonly sizeByCode = new WeakMap<object, DeclaredCodeSize>()

  constructor(private readonly replayLine: () => string) {}

  /**
   * Registers `code` as `name` (registering a name again replaces its code, as uploading an S3
   * object to the same key does) and returns the token to pass as `Code` / `ZipFile`. `size`
   * declares the package's size, for `CodeSize` and AWS's size limits.
   */
  register(name: string, code: FunctionCode, size?: DeclaredCodeSize): { ZipFile: Uint8Array } {
    if (typeof name !== 'string' || name.length === 0) {
      throw new SimulationError('invalid-argument', 'registerCode needs a non-empty name', this.replayLine())
    }
    if (!isFunctionCode(code)) {
      throw new SimulationError('invalid-argument', `registerCode("${name}") needs a handler function, { init: factory } or { directory }`, this.replayLine())
    }
    if (size !== undefined && (typeof size !== 'object' || size === null || !validSize(size.zippedBytes) || !validSize(size.unzippedBytes))) {
      throw new SimulationError('invalid-argument', `registerCode("${name}"): zippedBytes and unzippedBytes must be non-negative integers`, this.replayLine())
    }
    this.codeByName.set(name, code)
    if (size === undefined) {
      this.sizeByName.delete(name)
      this.sizeByCode.delete(code as object)
    } else {
      const declared = { ...size }
      this.sizeByName.set(name, declared)
      this.sizeByCode.set(code as object, declared)
    }
    return { ZipFile: new TextEncoder().encode(`${TOKEN_PREFIX}${name}`) }
  }

  /** The size declared for `code` when it was registered, if any. */
  declaredSize(code: unknown): DeclaredCodeSize | undefined {
    return typeof code === 'object' || typeof code === 'function' ? this.sizeByCode.get(code as object) : undefined
  }

  /**
   * The code a `ZipFile` token stands for; AWS's bad-archive error for anything else, and its
   * request-size and unzipped-size refusals for a package declared too large.
   */
  fromZipFile(bytes: Uint8Array, operation: CodeUploadOperation = 'CreateFunction'): FunctionCode {
    const text = new TextDecoder().decode(bytes)
    const name = text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : undefined
    const code = name !== undefined ? this.codeByName.get(name) : undefined
    if (code === undefined || name === undefined) throw new LambdaError('InvalidParameterValueException', BAD_ARCHIVE)
    checkCodeSize(this.sizeByName.get(name), operation, true)
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
    // An S3 object is not in the request: only the unzipped limit applies (FunctionRegistry checks it).
    return code
  }
}
