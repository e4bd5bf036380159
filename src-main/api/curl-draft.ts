// compose.fromCurl: a pasted curl command as a Send draft. The request is read by curl-parse.ts; here it
// becomes what Send edits: text, its content type, the event it names, the headers that still mean
// something (a re-signed copy gets fresh signature headers), and notes on what changed.
import type { MethodOutput } from '../../src-preload/contract'
import { CurlParseError, parseCurl } from '../../src-preload/curl-parse'
import { draftHeaders, signedWith } from '../../src-preload/header-sets'
import { HooklabError } from '../engine/errors'
import { eventHint } from '../engine/receiver/event-hint'

export function curlDraft(command: string): MethodOutput<'compose.fromCurl'> {
  let req
  try {
    req = parseCurl(command)
  } catch (e) {
    if (e instanceof CurlParseError) throw new HooklabError('E_INVALID_INPUT', e.message)
    throw e
  }
  const bytes = req.body ?? new Uint8Array()
  let body: string
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new HooklabError('E_INVALID_INPUT', `The body is not UTF-8 text (${bytes.length} bytes): Send edits text. To send bytes as they are, replay a capture.`)
  }
  const notes = [...req.notes]
  const typeHeader = req.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1]
  const contentType = typeHeader ?? req.defaultContentType ?? 'application/json'
  if (!typeHeader && req.defaultContentType === 'application/x-www-form-urlencoded' && /^\s*[[{]/.test(body)) {
    notes.push('The command sets no Content-Type, so curl sends application/x-www-form-urlencoded; set application/json if your receiver expects JSON.')
  }
  if (req.method !== 'POST') notes.push(`curl would send ${req.method}; Send posts (or uses the method of the endpoint you pick).`)
  const signed = signedWith(req.headers)
  if (signed) notes.push(`Its ${signed.header} header is left out: Send signs afresh with the ${signed.scheme} scheme once you enter its secret.`)
  const encoding = req.headers.find(([n]) => n.toLowerCase() === 'content-encoding')
  if (encoding) notes.push(`Content-Encoding: ${encoding[1]} is left out: Send sends the body as written.`)
  return {
    url: req.url,
    method: req.method,
    contentType,
    body,
    eventType: eventHint(req.headers, bytes, contentType)?.type ?? null,
    headers: draftHeaders(req.headers),
    signedWith: signed,
    notes,
  }
}
