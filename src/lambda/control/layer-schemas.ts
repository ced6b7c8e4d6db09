/**
 * The layer operations' inputs as zod schemas built from AWS's API model: every length, pattern and
 * enum comes from `generated/layer-constraints.ts` (written by `scripts/generate-aws-constraints.mjs`),
 * none is typed here. What the model cannot say — a version number below 1, the content's forms —
 * the service checks afterwards with AWS's InvalidParameterValueException.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { coralConstraintList, stringOf, type MemberConstraints } from '../../config/model-constraints.js'
import { layerConstraints as C } from './generated/layer-constraints.js'

/**
 * A string member as `stringOf` builds it, except that a `.*` pattern is not enforced [U] (Java's
 * `matches()` would refuse a line break; whether AWS does for these members is unrecorded).
 */
function textOf(c: MemberConstraints): z.ZodString {
  return stringOf(c.pattern === '.*' ? { ...c, pattern: undefined } : c)
}

/** An enum member: the model's values, in the model's order (AWS prints them so). */
function enumOf(c: MemberConstraints): z.ZodType<string> {
  return z.enum(c.enum as unknown as [string, ...string[]])
}

/**
 * A list whose members each carry constraints. Coral reports a bad member on the whole list, with
 * every constraint of the member shape: `Value '[a, b]' at 'layers' failed to satisfy constraint:
 * Member must satisfy constraint: [Member must have length less than or equal to 2048, …, Member
 * must not be null]` [S]. A Java list prints as `[a, b]`.
 */
function constrainedListOf(c: MemberConstraints, field: string): z.ZodType<string[], string[]> {
  const member = c.member as MemberConstraints
  const memberSchema = member.enum !== undefined ? enumOf(member) : textOf(member)
  const memberConstraints = coralConstraintList(member, true)
  return z.array(z.string()).superRefine((values, context) => {
    const problems = [
      ...(c.max !== undefined && values.length > c.max ? [`Member must have length less than or equal to ${c.max}`] : []),
      ...(values.every((value) => memberSchema.safeParse(value).success) ? [] : [`Member must satisfy constraint: ${memberConstraints}`]),
    ]
    if (problems.length === 0) return
    context.addIssue({
      code: 'custom',
      message: 'list',
      params: { awsProblem: `Value '[${values.join(', ')}]' at '${field}' failed to satisfy constraint: ${problems.join(', ')}` },
    })
  })
}

const publish = C.PublishLayerVersionRequest
const content = C.LayerVersionContentInput

/** `LayerName`: a name, or the layer's ARN (without a version). */
const layerName = schemaOnFirstUse(() => textOf(publish.LayerName))

/** `VersionNumber` (a `long`; the service refuses one below 1). */
const versionNumber = schemaOnFirstUse(() => z.number().int())

/** A function's `Layers` (CreateFunction, UpdateFunctionConfiguration): layer version ARNs, no count in the model. */
export const functionLayersSchema = schemaOnFirstUse(() => constrainedListOf({ type: 'list', member: C.Layer.Arn }, 'layers'))

/**
 * The facade's forms of layer content:
 * - `zipFile`: the archive's bytes (as the SDK sends `Content.ZipFile`); sizes are read from the zip;
 * - `s3Bucket` + `s3Key`: content registered with `sim.registerLayerContent(key, …)` (bucket `lambda-sim`);
 * - `zippedBytes` + `unzippedBytes`: a declared package, sized without bytes;
 * - `directory`: a folder on disk, sized by its files.
 */
export type LayerContentInput =
  | { readonly zipFile: Uint8Array }
  | { readonly s3Bucket: string; readonly s3Key: string; readonly s3ObjectVersion?: string }
  | { readonly zippedBytes: number; readonly unzippedBytes: number }
  | { readonly directory: string }

/** AWS's answer for an upload with no archive in it [S]; for a `Content` naming no source too [U]. */
export const EMPTY_UPLOAD = 'Uploaded file must be a non-empty zip'

const size = schemaOnFirstUse(() => z.number().int().nonnegative())

/** One object with every member optional, so a missing `content` reads as Coral's `must not be null`. */
export const layerContentSchema = schemaOnFirstUse(() => z
  .object({
    zipFile: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'Member must be of type blob' }).optional(),
    s3Bucket: textOf(content.S3Bucket).optional(),
    s3Key: textOf(content.S3Key).optional(),
    s3ObjectVersion: textOf(content.S3ObjectVersion).optional(),
    zippedBytes: size.optional(),
    unzippedBytes: size.optional(),
    directory: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((c, context) => {
    const forms = [
      c.zipFile !== undefined,
      c.s3Bucket !== undefined && c.s3Key !== undefined,
      c.zippedBytes !== undefined && c.unzippedBytes !== undefined,
      c.directory !== undefined,
    ].filter(Boolean).length
    if (forms !== 1) context.addIssue({ code: 'custom', message: 'content', params: { awsInvalidParameter: EMPTY_UPLOAD } })
  }) as unknown as z.ZodType<LayerContentInput, LayerContentInput>)

export const publishLayerVersionSchema = schemaOnFirstUse(() => z
  .object({
    layerName,
    content: layerContentSchema,
    description: textOf(publish.Description).optional(),
    compatibleRuntimes: constrainedListOf(publish.CompatibleRuntimes, 'compatibleRuntimes').optional(),
    compatibleArchitectures: constrainedListOf(publish.CompatibleArchitectures, 'compatibleArchitectures').optional(),
    licenseInfo: textOf(publish.LicenseInfo).optional(),
  })
  .strict())

export const layerVersionLookupSchema = schemaOnFirstUse(() => z.object({ layerName: textOf(C.GetLayerVersionRequest.LayerName), versionNumber }).strict())

export const layerVersionByArnSchema = schemaOnFirstUse(() => z.object({ arn: textOf(C.GetLayerVersionByArnRequest.Arn) }).strict())

const listFilters = () => ({
  compatibleRuntime: enumOf(C.ListLayersRequest.CompatibleRuntime).optional(),
  compatibleArchitecture: enumOf(C.ListLayersRequest.CompatibleArchitecture).optional(),
  marker: z.string().optional(),
  maxItems: z
    .number()
    .int()
    .min(C.ListLayersRequest.MaxItems.min)
    .max(C.ListLayersRequest.MaxItems.max)
    .optional(),
})

export const listLayersSchema = schemaOnFirstUse(() => z.object(listFilters()).strict())

export const listLayerVersionsSchema = schemaOnFirstUse(() => z.object({ layerName: textOf(C.ListLayerVersionsRequest.LayerName), ...listFilters() }).strict())

const add = C.AddLayerVersionPermissionRequest

export const addLayerVersionPermissionSchema = schemaOnFirstUse(() => z
  .object({
    layerName: textOf(add.LayerName),
    versionNumber,
    statementId: textOf(add.StatementId),
    action: textOf(add.Action),
    principal: textOf(add.Principal),
    organizationId: textOf(add.OrganizationId).optional(),
    revisionId: z.string().optional(),
  })
  .strict())

export const removeLayerVersionPermissionSchema = schemaOnFirstUse(() => z
  .object({
    layerName: textOf(C.RemoveLayerVersionPermissionRequest.LayerName),
    versionNumber,
    statementId: textOf(C.RemoveLayerVersionPermissionRequest.StatementId),
    revisionId: z.string().optional(),
  })
  .strict())

export type PublishLayerVersionInput = z.input<typeof publishLayerVersionSchema>
export type LayerVersionLookupInput = z.input<typeof layerVersionLookupSchema>
export type LayerVersionByArnInput = z.input<typeof layerVersionByArnSchema>
export type ListLayersInput = z.input<typeof listLayersSchema>
export type ListLayerVersionsInput = z.input<typeof listLayerVersionsSchema>
export type AddLayerVersionPermissionInput = z.input<typeof addLayerVersionPermissionSchema>
export type RemoveLayerVersionPermissionInput = z.input<typeof removeLayerVersionPermissionSchema>
