/**
 * Lambda@Edge's quotas that differ by trigger (CloudFront Developer Guide, "Quotas on Lambda@Edge";
 * lambda-semantics §10.2): viewer triggers run small and fast, origin triggers get Lambda's own
 * memory range and 30 s.
 */
import type { EdgeEventType } from './api.js'

export interface TriggerLimits {
  /** How long CloudFront waits for the function (the function's own timeout may not exceed it). */
  readonly timeoutSecondsMax: number
  readonly memoryMbMax: number
  /** A response the function generates or replaces: header names, values and body, in bytes. */
  readonly generatedResponseBytesMax: number
  /** `includeBody`: the request body is cut at this many bytes (`inputTruncated: true`). */
  readonly exposedBodyBytesMax: number
  /** A body the function puts in place of the request's (`action: 'replace'`), as text. */
  readonly replacedBodyBytesMax: number
  /** The function's code, compressed. */
  readonly codeBytesMax: number
}

const KB = 1024
const MB = 1024 * 1024

const VIEWER: TriggerLimits = {
  timeoutSecondsMax: 5,
  memoryMbMax: 128,
  generatedResponseBytesMax: 40 * KB,
  exposedBodyBytesMax: 40 * KB,
  replacedBodyBytesMax: 40 * KB,
  codeBytesMax: 1 * MB,
}

const ORIGIN: TriggerLimits = {
  timeoutSecondsMax: 30,
  memoryMbMax: 10_240,
  generatedResponseBytesMax: 1 * MB,
  exposedBodyBytesMax: 1 * MB,
  replacedBodyBytesMax: 1 * MB,
  codeBytesMax: 50 * MB,
}

export function limitsOf(eventType: EdgeEventType): TriggerLimits {
  return eventType.startsWith('viewer') ? VIEWER : ORIGIN
}

/** A replaced body in base64 may be a third longer than the text limit (AWS: 53.2 KB / 1.33 MB). */
export function replacedBodyLimit(limits: TriggerLimits, encoding: 'text' | 'base64'): number {
  return encoding === 'base64' ? Math.ceil((limits.replacedBodyBytesMax * 4) / 3) : limits.replacedBodyBytesMax
}
