// A body in pretty JSON / raw / hex, as decoded fields for a form post, as its parts for
// multipart/form-data, or as an image for raster image/*. Always React text: a body of
// `<img src=x onerror=...>` is shown as those characters, never parsed as HTML. Huge bodies render
// their first part (show all / download), hex is paged, and pretty-printing refuses deep or huge JSON.
// A binary body (not UTF-8, or of a binary type) opens in hex: as text it would be garbled.
import { useMemo, useEffect, useState } from 'react'
import { b64ToBytes, bytes as fmtBytes, decodeText, hexDump, prettyJsonResult, PRETTY_MAX_DEPTH } from '../lib/format'
import type { PrettyResult } from '../lib/format'
import { downloadBytes } from '../lib/download'
import { jsonProblem } from '../lib/json-problem'
import { formFields, isFormType } from '../lib/form-fields'
import { multipartBoundary, multipartParts } from '../lib/multipart'
import { CapturedText } from './CapturedText'
import { CopyButton } from './CopyButton'
import { FieldsTable } from './FieldsTable'
import { PartsTable } from './PartsTable'

type Mode = 'pretty' | 'form' | 'parts' | 'raw' | 'hex' | 'image'

// application/json and the +json types (application/cloudevents+json, application/problem+json …).
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

// Bodies these types call binary open in hex even when their bytes happen to decode as UTF-8.
const BINARY_TYPE = /^(?:application\/(?:octet-stream|(?:x-|vnd\.google\.)?protobuf|x-msgpack|msgpack|cbor|zip|gzip|x-gzip|pdf)|audio\/|video\/|font\/)\s*(?:;|$)/i

// Raster only: an SVG is a document that may carry scripts, so it is shown as its source text.
const IMAGE = /^image\/(png|jpe?g|gif|webp|bmp|avif|x-icon|vnd\.microsoft\.icon)\b/i
/** Characters rendered before "show all": a multi-megabyte text node stalls layout for seconds. */
export const TEXT_CAP = 128 * 1024
/** Bytes per hex page (4,096 lines). */
export const HEX_PAGE = 64 * 1024

const NOTES = {
  'too-deep': `Nested deeper than ${PRETTY_MAX_DEPTH} levels: shown raw, not pretty-printed.`,
  'too-large': 'Too large to pretty-print: shown raw.',
} as const

function fileName(label: string, contentType: string | null | undefined): string {
  const ext = /json/i.test(contentType ?? '') ? 'json' : /^text\//i.test(contentType ?? '') ? 'txt' : 'bin'
  return `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'body'}.${ext}`
}

/** Whether the bytes are UTF-8 but for an incomplete character at the end (where a truncated body was cut). */
function utf8Prefix(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data, { stream: true })
    return true
  } catch {
    return false
  }
}

export function BodyView(props: {
  bodyBase64: string
  contentType?: string | null
  truncated?: boolean
  /** The whole body's size in bytes when `truncated` and the caller knows it (the label says "first 1.0 MB of 1.6 MB"). */
  fullSize?: number | null
  testid?: string
  label: string
}) {
  const data = useMemo(() => b64ToBytes(props.bodyBase64), [props.bodyBase64])
  // `utf8`: the text can be copied without loss (a binary body would come out with U+FFFD in it).
  const { text, utf8 } = useMemo(() => decodeText(data), [data])
  const copyable = data.length > 0 && utf8
  // A body cut short never parses (and trying took ~130 ms on a 1 MB preview): shown raw.
  const prettyRes = useMemo((): PrettyResult => (props.truncated ? { ok: false, reason: 'not-json' } : prettyJsonResult(text)), [text, props.truncated])
  const pretty = prettyRes.ok ? prettyRes.text : null
  const isImage = !!props.contentType && IMAGE.test(props.contentType)
  const form = useMemo(() => (isFormType(props.contentType) && !props.truncated ? formFields(text) : null), [props.contentType, props.truncated, text])
  const parts = useMemo(() => {
    const boundary = props.truncated ? null : multipartBoundary(props.contentType)
    return boundary ? multipartParts(data, boundary) : null
  }, [props.contentType, props.truncated, data])
  // Not UTF-8 text (a body cut off by truncation may end inside a character: that alone does not count).
  const binary = useMemo(
    () => !isImage && data.length > 0 && ((!!props.contentType && BINARY_TYPE.test(props.contentType)) || (!utf8 && !(props.truncated && utf8Prefix(data)))),
    [isImage, data, props.contentType, props.truncated, utf8],
  )
  const [mode, setMode] = useState<Mode>(isImage ? 'image' : form ? 'form' : parts ? 'parts' : pretty ? 'pretty' : 'raw')
  // The body a tab was last picked on: a pick carries over to the next body, except that a binary
  // body opens in hex unless raw was picked on it (as text it is garbled).
  const [pickedOn, setPickedOn] = useState<Uint8Array | null>(null)
  const [url, setUrl] = useState<string | null>(null)
  const [showAll, setShowAll] = useState(false)
  const [hexStart, setHexStart] = useState(0)
  // A new body starts capped and on the first hex page (set during render, so the previous body's
  // "show all" never renders a huge new one even once).
  const [forData, setForData] = useState(data)
  if (forData !== data) {
    setForData(data)
    setShowAll(false)
    setHexStart(0)
  }

  useEffect(() => {
    if (!isImage || mode !== 'image') return
    const u = URL.createObjectURL(new Blob([data as BlobPart], { type: props.contentType ?? 'application/octet-stream' }))
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [isImage, mode, data, props.contentType])

  const modes: Mode[] = isImage ? ['image', 'raw', 'hex'] : form ? ['form', 'raw', 'hex'] : parts ? ['parts', 'raw', 'hex'] : pretty ? ['pretty', 'raw', 'hex'] : ['raw', 'hex']
  const wanted: Mode = binary && !form && !parts && pickedOn !== data ? 'hex' : mode
  const shown = modes.includes(wanted) ? wanted : (modes[0] ?? 'raw')
  const full = shown === 'pretty' ? (pretty ?? text) : text
  const capped = shown !== 'hex' && shown !== 'image' && !showAll && full.length > TEXT_CAP
  // A body whose Content-Type says JSON but that does not parse is a bug a webhook developer wants
  // pointed out (where, and why), not silently shown raw. A truncated body cannot be judged.
  const declaredJson = !!props.contentType && JSON_TYPE.test(props.contentType)
  const unparsed = !prettyRes.ok && prettyRes.reason === 'not-json' // (a body that parsed is not parsed twice)
  const broken = useMemo(() => (declaredJson && unparsed && !props.truncated && data.length > 0 ? jsonProblem(text, false) : null), [declaredJson, unparsed, props.truncated, data, text])
  const note = broken
    ? `Content-Type says JSON, but the body is not valid JSON: ${broken.message} (line ${broken.line}, column ${broken.col}).`
    : !prettyRes.ok && prettyRes.reason !== 'not-json'
      ? NOTES[prettyRes.reason]
      : null
  return (
    <div className="body-view" data-testid={props.testid}>
      <div className="body-bar">
        <div role="tablist" aria-label={`${props.label} view`} className="seg">
          {modes.map((m) => (
            <button
              key={m}
              role="tab"
              aria-selected={shown === m}
              className={shown === m ? 'on' : ''}
              onClick={() => {
                setMode(m)
                setPickedOn(data)
              }}
            >
              {m}
            </button>
          ))}
        </div>
        <span className="row gap">
          <span className="muted small" data-testid="body-size">
            {!props.truncated
              ? fmtBytes(data.length)
              : props.fullSize != null && props.fullSize > data.length
                ? `first ${fmtBytes(data.length)} of ${fmtBytes(props.fullSize)}`
                : `first ${fmtBytes(data.length)} · truncated`}
          </span>
          {copyable && shown !== 'image' && shown !== 'hex' && (
            <CopyButton text={() => (shown === 'pretty' && pretty !== null ? pretty : text)} label={`Copy ${props.label.toLowerCase()}${shown === 'pretty' ? ' (pretty)' : ''}`} />
          )}
          {/* The exact bytes, whatever the view: the one way out for a binary body (Copy is for text). */}
          {data.length > 0 && (
            <button className="btn btn-small" onClick={() => downloadBytes(fileName(props.label, props.contentType), data)} title={`Save the ${props.truncated ? 'stored part of the ' : ''}body’s exact bytes as a file`} data-testid="body-download">
              Download
            </button>
          )}
        </span>
      </div>
      {note && shown !== 'hex' && (
        <div className={`small pad-x ${broken ? 'warn-text' : 'muted'}`} data-testid="body-note">
          {note}
        </div>
      )}
      {data.length === 0 ? (
        <div className="muted small pad">empty body</div>
      ) : shown === 'parts' && parts ? (
        <PartsTable parts={parts} label={`${props.label} (multipart parts)`} />
      ) : shown === 'form' && form ? (
        <FieldsTable fields={form} label={`${props.label} (form fields)`} testid="body-form" />
      ) : shown === 'image' && url ? (
        <img className="body-img" src={url} alt={`${props.label} (${props.contentType ?? 'image'})`} data-testid="body-image" />
      ) : shown === 'hex' ? (
        <>
          {data.length > HEX_PAGE && (
            <div className="body-more small">
              <button className="btn btn-small" disabled={hexStart === 0} onClick={() => setHexStart(Math.max(0, hexStart - HEX_PAGE))} data-testid="hex-prev">
                ← Prev
              </button>
              <span data-testid="hex-page">
                bytes {hexStart.toLocaleString()}–{(Math.min(data.length, hexStart + HEX_PAGE) - 1).toLocaleString()} of {fmtBytes(data.length)}
              </span>
              <button className="btn btn-small" disabled={hexStart + HEX_PAGE >= data.length} onClick={() => setHexStart(hexStart + HEX_PAGE)} data-testid="hex-next">
                Next →
              </button>
            </div>
          )}
          <pre className="code hex" tabIndex={0} aria-label={props.label} data-testid="body-text">
            {hexDump(data, HEX_PAGE, hexStart)}
          </pre>
        </>
      ) : (
        <>
          <pre className="code" tabIndex={0} aria-label={props.label} data-testid="body-text">
            <CapturedText text={capped ? full.slice(0, TEXT_CAP) : full} />
          </pre>
          {capped && (
            <div className="body-more small">
              <span>
                Showing the first {TEXT_CAP.toLocaleString()} of {full.length.toLocaleString()} characters.
              </span>
              <button className="btn btn-small" onClick={() => setShowAll(true)} data-testid="body-show-all">
                Show all
              </button>
            </div>
          )}
        </>
      )}
    </div>
  )
}
