/**
 * Amazon SNS over the AWS Query protocol, as the AWS SDK for JavaScript v3 speaks it: `POST /` with a
 * form-urlencoded body (`Action=Publish&Version=2010-03-31&TopicArn=…`, lists as `.member.N`, maps
 * as `.entry.N.key` / `.entry.N.value`, message attributes as `.entry.N.Name` / `.entry.N.Value.*`),
 * answered with XML (`<PublishResponse><PublishResult>…</PublishResult><ResponseMetadata>…`). Each
 * action calls the simulation's `SnsService`.
 *
 * Errors are XML `ErrorResponse`s with the legacy code the SDK maps to its classes (`NotFound` →
 * `NotFoundException`, `ParameterValueInvalid` → `InvalidParameterValueException`, …). An
 * `SnsError` is the service's answer; anything else thrown is a bug and propagates.
 *
 * [SIM] Only `sqs` and `lambda` subscriptions; no `MessageStructure: json`, SMS, mobile push or tags.
 * Those answer an error naming lambda-sim, never a pretended success.
 */
import type { SdkBackend } from './backend.js'
import type { PublishBatchEntry, PublishInput, SnsMessageAttributeValue } from '../aws/sns/api.js'
import { SnsError } from '../aws/sns/errors.js'
import {
  parseQuery,
  queryList,
  queryMap,
  queryNode,
  queryString,
  serviceRequestId,
  textResponse,
  xmlElement,
  xmlLeaf,
  type QueryNode,
} from './protocol-support.js'
import type { ServiceProtocol, WireResponse } from './wire.js'

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/'
const CONTENT_TYPE = 'text/xml'
/** Items per page of ListTopics / ListSubscriptions / ListSubscriptionsByTopic, as in AWS. */
const PAGE_SIZE = 100
/** Subscription protocols AWS has and lambda-sim does not simulate. */
const UNSIMULATED_PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'application', 'firehose'])

/** An error the protocol itself answers with: a legacy query code, HTTP status and message. */
class QueryError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** AWS's validation message for a required parameter that is absent. */
function missing(member: string): QueryError {
  return new QueryError('ValidationError', 400, `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
}

function unsimulated(what: string): SnsError {
  return new SnsError('InvalidParameter', `Invalid parameter: lambda-sim does not simulate ${what}`)
}

function required(params: QueryNode | undefined, name: string): string {
  const value = queryString(params, name)
  if (value === undefined) throw missing(name.charAt(0).toLowerCase() + name.slice(1))
  return value
}

function stringMap(params: QueryNode | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of queryMap(params, name, 'key', 'value')) out[key] = value.value ?? ''
  return out
}

function messageAttributes(params: QueryNode | undefined): Record<string, SnsMessageAttributeValue> | undefined {
  const pairs = queryMap(params, 'MessageAttributes', 'Name', 'Value')
  if (pairs.length === 0) return undefined
  const out: Record<string, SnsMessageAttributeValue> = {}
  for (const [name, value] of pairs) {
    const dataType = queryString(value, 'DataType')
    const stringValue = queryString(value, 'StringValue')
    const binaryValue = queryString(value, 'BinaryValue')
    out[name] = {
      DataType: dataType as string,
      ...(stringValue !== undefined ? { StringValue: stringValue } : {}),
      ...(binaryValue !== undefined ? { BinaryValue: binaryValue } : {}),
    }
  }
  return out
}

function refuseTags(params: QueryNode | undefined): void {
  if (queryList(params, 'Tags').length > 0) throw unsimulated('SNS tags')
}

/** The message fields of Publish and of each PublishBatch entry. */
function publishFields(params: QueryNode | undefined): Omit<PublishInput, 'topicArn'> {
  if (queryString(params, 'MessageStructure') !== undefined) throw unsimulated('MessageStructure (one message per protocol)')
  const subject = queryString(params, 'Subject')
  const attributes = messageAttributes(params)
  const groupId = queryString(params, 'MessageGroupId')
  const deduplicationId = queryString(params, 'MessageDeduplicationId')
  return {
    message: queryString(params, 'Message') as string,
    ...(subject !== undefined ? { subject } : {}),
    ...(attributes !== undefined ? { messageAttributes: attributes } : {}),
    ...(groupId !== undefined ? { messageGroupId: groupId } : {}),
    ...(deduplicationId !== undefined ? { messageDeduplicationId: deduplicationId } : {}),
  }
}

/** One page of a list; the token is the index of the next item. */
function page<T>(items: readonly T[], params: QueryNode | undefined): { items: T[]; nextToken: string | undefined } {
  const token = queryString(params, 'NextToken')
  const start = token === undefined ? 0 : /^\d+$/.test(token) ? Number(token) : Number.NaN
  if (!(start >= 0 && start <= items.length)) throw new SnsError('InvalidParameter', 'Invalid parameter: NextToken')
  const end = start + PAGE_SIZE
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined }
}

const list = (name: string, members: readonly string[]): string => xmlElement(name, members.map((m) => xmlElement('member', m)).join(''))
const entries = (name: string, map: Readonly<Record<string, string>>): string =>
  xmlElement(name, Object.entries(map).map(([key, value]) => xmlElement('entry', xmlLeaf('key', key) + xmlLeaf('value', value))).join(''))

function subscriptionXml(s: { subscriptionArn: string; owner: string; protocol: string; endpoint: string; topicArn: string }): string {
  return xmlLeaf('SubscriptionArn', s.subscriptionArn) + xmlLeaf('Owner', s.owner) + xmlLeaf('Protocol', s.protocol) + xmlLeaf('Endpoint', s.endpoint) + xmlLeaf('TopicArn', s.topicArn)
}

/** An action answers the inside of its `<…Result>` element, or `undefined` for none. */
type Action = (sim: SdkBackend, params: QueryNode) => string | undefined

const actions: Record<string, Action> = {
  CreateTopic: (sim, p) => {
    const name = required(p, 'Name')
    refuseTags(p)
    if (queryString(p, 'DataProtectionPolicy') !== undefined) throw unsimulated('DataProtectionPolicy')
    return xmlLeaf('TopicArn', sim.sns.createTopic({ name, attributes: stringMap(p, 'Attributes') }).topicArn)
  },
  DeleteTopic: (sim, p) => (sim.sns.deleteTopic({ topicArn: required(p, 'TopicArn') }), undefined),
  ListTopics: (sim, p) => {
    const { items, nextToken } = page(sim.sns.listTopics().topics, p)
    return list('Topics', items.map((t) => xmlLeaf('TopicArn', t.topicArn))) + xmlLeaf('NextToken', nextToken)
  },
  GetTopicAttributes: (sim, p) => entries('Attributes', sim.sns.getTopicAttributes({ topicArn: required(p, 'TopicArn') }).attributes),
  SetTopicAttributes: (sim, p) => {
    const value = queryString(p, 'AttributeValue')
    sim.sns.setTopicAttributes({ topicArn: required(p, 'TopicArn'), attributeName: required(p, 'AttributeName'), ...(value !== undefined ? { attributeValue: value } : {}) })
    return undefined
  },
  Subscribe: (sim, p) => {
    const topicArn = required(p, 'TopicArn')
    const protocol = required(p, 'Protocol')
    if (UNSIMULATED_PROTOCOLS.has(protocol)) throw unsimulated(`the ${protocol} protocol (only sqs and lambda)`)
    const endpoint = queryString(p, 'Endpoint') ?? ''
    return xmlLeaf('SubscriptionArn', sim.sns.subscribe({ topicArn, protocol: protocol as 'sqs', endpoint, attributes: stringMap(p, 'Attributes') }).subscriptionArn)
  },
  Unsubscribe: (sim, p) => (sim.sns.unsubscribe({ subscriptionArn: required(p, 'SubscriptionArn') }), undefined),
  ListSubscriptions: (sim, p) => {
    const { items, nextToken } = page(sim.sns.listSubscriptions().subscriptions, p)
    return list('Subscriptions', items.map(subscriptionXml)) + xmlLeaf('NextToken', nextToken)
  },
  ListSubscriptionsByTopic: (sim, p) => {
    const { items, nextToken } = page(sim.sns.listSubscriptionsByTopic({ topicArn: required(p, 'TopicArn') }).subscriptions, p)
    return list('Subscriptions', items.map(subscriptionXml)) + xmlLeaf('NextToken', nextToken)
  },
  GetSubscriptionAttributes: (sim, p) => entries('Attributes', sim.sns.getSubscriptionAttributes({ subscriptionArn: required(p, 'SubscriptionArn') }).attributes),
  SetSubscriptionAttributes: (sim, p) => {
    const value = queryString(p, 'AttributeValue')
    sim.sns.setSubscriptionAttributes({
      subscriptionArn: required(p, 'SubscriptionArn'),
      attributeName: required(p, 'AttributeName'),
      ...(value !== undefined ? { attributeValue: value } : {}),
    })
    return undefined
  },
  Publish: (sim, p) => {
    if (queryString(p, 'PhoneNumber') !== undefined) throw unsimulated('SMS (PhoneNumber)')
    const topicArn = queryString(p, 'TopicArn')
    const targetArn = queryString(p, 'TargetArn')
    if (topicArn === undefined && targetArn === undefined) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter')
    // A TargetArn naming a topic publishes to it; platform endpoints (`…:endpoint/APNS/…`) are mobile push.
    if (targetArn !== undefined && (targetArn.split(':')[2] !== 'sns' || (targetArn.split(':')[5] ?? '').includes('/'))) throw unsimulated('mobile push endpoints (TargetArn)')
    const result = sim.sns.publish({ topicArn: (topicArn ?? targetArn) as string, ...publishFields(p) })
    return xmlLeaf('MessageId', result.messageId) + xmlLeaf('SequenceNumber', result.sequenceNumber)
  },
  PublishBatch: (sim, p) => {
    const topicArn = required(p, 'TopicArn')
    if (queryNode(p, 'PublishBatchRequestEntries') === undefined) throw missing('publishBatchRequestEntries')
    const batch: PublishBatchEntry[] = queryList(p, 'PublishBatchRequestEntries').map((entry) => ({ id: required(entry, 'Id'), ...publishFields(entry) }))
    const { successful, failed } = sim.sns.publishBatch({ topicArn, entries: batch })
    return (
      list('Successful', successful.map((s) => xmlLeaf('Id', s.id) + xmlLeaf('MessageId', s.messageId) + xmlLeaf('SequenceNumber', s.sequenceNumber))) +
      list('Failed', failed.map((f) => xmlLeaf('Id', f.id) + xmlLeaf('Code', f.code) + xmlLeaf('Message', f.message) + xmlLeaf('SenderFault', String(f.senderFault))))
    )
  },
}

/** The actions the SNS protocol answers, for documentation and tests. */
export const SNS_ACTIONS: readonly string[] = Object.keys(actions)

/** The legacy query code the SDK maps to each `SnsError` (its exception classes carry them). */
function wireCode(error: SnsError): string {
  return error.code === 'InvalidParameterValue' ? 'ParameterValueInvalid' : error.code
}

function errorResponse(requestId: string, code: string, statusCode: number, message: string): WireResponse {
  const error = xmlElement('Error', xmlLeaf('Type', 'Sender') + xmlLeaf('Code', code) + xmlLeaf('Message', message))
  return textResponse(statusCode, CONTENT_TYPE, requestId, `<ErrorResponse xmlns="${XMLNS}">${error}${xmlLeaf('RequestId', requestId)}</ErrorResponse>`)
}

export const snsProtocol: ServiceProtocol = async (sim, _request, body) => {
  const requestId = serviceRequestId(sim)
  const params = parseQuery(new TextDecoder().decode(body))
  const name = queryString(params, 'Action') ?? ''
  const action = actions[name]
  if (action === undefined) {
    return errorResponse(requestId, 'InvalidAction', 400, `lambda-sim does not simulate the SNS action ${name === '' ? '(none)' : name}.`)
  }
  try {
    const result = action(sim, params)
    const resultXml = result === undefined ? '' : xmlElement(`${name}Result`, result)
    const metadata = xmlElement('ResponseMetadata', xmlLeaf('RequestId', requestId))
    return textResponse(200, CONTENT_TYPE, requestId, `<${name}Response xmlns="${XMLNS}">${resultXml}${metadata}</${name}Response>`)
  } catch (error) {
    if (error instanceof SnsError) return errorResponse(requestId, wireCode(error), error.statusCode, error.message)
    if (error instanceof QueryError) return errorResponse(requestId, error.code, error.statusCode, error.message)
    throw error
  }
}
