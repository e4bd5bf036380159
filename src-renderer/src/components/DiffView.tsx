import { useMemo } from 'react'
import { lineDiff } from '../lib/diff'

export function DiffView({ before, after, testid }: { before: string; after: string; testid?: string }) {
  const lines = useMemo(() => lineDiff(before, after), [before, after])
  const changed = lines.some((l) => l.kind !== 'same')
  return (
    <div className="diff mono" data-testid={testid ?? 'diff'} role="region" aria-label="Line diff">
      {!changed && <div className="muted small">no changes</div>}
      {lines.map((l, i) => (
        <div key={i} className={`diff-${l.kind}`}>
          <span className="diff-sign" aria-label={l.kind === 'add' ? 'added' : l.kind === 'del' ? 'removed' : undefined}>
            {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
          </span>
          {l.text}
        </div>
      ))}
    </div>
  )
}
