// The custom HMAC scheme's settings (header, algorithm, encoding, prefix): the endpoint dialog signs
// with them, the inbox settings verify with them.
import type { HmacOptions } from '../../../src-preload/contract'

export const DEFAULT_HMAC: HmacOptions = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' }

export function HmacFields({ value, onChange, idPrefix }: { value: HmacOptions; onChange: (next: HmacOptions) => void; idPrefix: string }) {
  const set = <K extends keyof HmacOptions>(k: K, v: HmacOptions[K]): void => onChange({ ...value, [k]: v })
  return (
    <div className="grid4">
      <div className="field">
        <label htmlFor={`${idPrefix}-hmacHeader`}>Header</label>
        <input id={`${idPrefix}-hmacHeader`} className="mono" value={value.header} onChange={(e) => set('header', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-hmacAlgo`}>Algorithm</label>
        <select id={`${idPrefix}-hmacAlgo`} value={value.algorithm} onChange={(e) => set('algorithm', e.target.value as HmacOptions['algorithm'])}>
          <option>sha256</option>
          <option>sha1</option>
          <option>sha512</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-hmacEnc`}>Encoding</label>
        <select id={`${idPrefix}-hmacEnc`} value={value.encoding} onChange={(e) => set('encoding', e.target.value as HmacOptions['encoding'])}>
          <option>hex</option>
          <option>base64</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-hmacPrefix`}>Prefix</label>
        <input id={`${idPrefix}-hmacPrefix`} className="mono" value={value.prefix} onChange={(e) => set('prefix', e.target.value)} placeholder="sha256=" />
      </div>
    </div>
  )
}
