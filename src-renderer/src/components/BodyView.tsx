// A body in pretty JSON / raw / hex, or as an image for image/*. Always React text: a body of
// `<img src=x onerror=...>` is shown as those characters, never parsed as HTML.
import { useEffect, useMemo, useState } from 'react'
import { b64ToBytes, bytes as fmtBytes, bytesToText, hexDump, prettyJson } from '../lib/format'

type Mode = 'pretty' | 'raw' | 'hex' | 'image'

// Raster and SVG images are safe in <img>: scripts inside an SVG never run there.
const IMAGE = /^image\/(png|jpe?g|gif|webp|bmp|avif|svg\+xml|x-icon|vnd\.microsoft\.icon)\b/i

export function BodyView(props: { bodyBase64: string; contentType?: string | null; truncated?: boolean; testid?: string; label: string }) {
  const data = useMemo(() => b64ToBytes(props.bodyBase64), [props.bodyBase64])
  const text = useMemo(() => bytesToText(data), [data])
  const pretty = useMemo(() => prettyJson(text), [text])
  const isImage = !!props.contentType && IMAGE.test(props.contentType)
  const [mode, setMode] = useState<Mode>(isImage ? 'image' : pretty ? 'pretty' : 'raw')
  const [url, setUrl] = useState<string | null>(null)

  useEffect(() => {
    if (!isImage || mode !== 'image') return
    const u = URL.createObjectURL(new Blob([data as BlobPart], { type: props.contentType ?? 'application/octet-stream' }))
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [isImage, mode, data, props.contentType])

  const modes: Mode[] = isImage ? ['image', 'raw', 'hex'] : pretty ? ['pretty', 'raw', 'hex'] : ['raw', 'hex']
  const shown = modes.includes(mode) ? mode : modes[0]
  return (
    <div className="body-view" data-testid={props.testid}>
      <div className="body-bar">
        <div role="tablist" aria-label={`${props.label} view`} className="seg">
          {modes.map((m) => (
            <button key={m} role="tab" aria-selected={shown === m} className={shown === m ? 'on' : ''} onClick={() => setMode(m)}>
              {m}
            </button>
          ))}
        </div>
        <span className="muted small">
          {fmtBytes(data.length)}
          {props.truncated ? ' · truncated' : ''}
        </span>
      </div>
      {data.length === 0 ? (
        <div className="muted small pad">empty body</div>
      ) : shown === 'image' && url ? (
        <img className="body-img" src={url} alt={`${props.label} (${props.contentType ?? 'image'})`} data-testid="body-image" />
      ) : (
        <pre className="code" tabIndex={0} aria-label={props.label} data-testid="body-text">
          {shown === 'pretty' ? pretty : shown === 'hex' ? hexDump(data) : text}
        </pre>
      )}
    </div>
  )
}
