// Status is always colour AND an icon and a word, never colour alone.
import type { DeliveryRow } from '../../../src-preload/contract'

const ICON: Record<DeliveryRow['status'], string> = {
  pending: '◷',
  sending: '↻',
  delivered: '✓',
  failed: '✕',
  dead: '☠',
  cancelled: '⊘',
}

export function StatusBadge({ status }: { status: DeliveryRow['status'] }) {
  return (
    <span className={`badge st-${status}`} data-testid="status-badge" data-status={status}>
      <span aria-hidden="true">{ICON[status]}</span> {status}
    </span>
  )
}

/** `broken`: the answer broke off after its status (a body too slow, a connection closed mid-body): no success, whatever the status. */
export function HttpStatus({ status, broken = false }: { status: number | null; broken?: boolean }) {
  if (status == null) return <span className="muted">—</span>
  const cls = broken ? 'bad' : status >= 200 && status < 300 ? 'ok' : status >= 400 || status < 100 ? 'bad' : 'warn'
  return <span className={`http http-${cls} mono`}>{status}</span>
}

export function VerdictBadge({ valid, scheme }: { valid: boolean; scheme: string }) {
  return (
    <span className={`badge ${valid ? 'st-delivered' : 'st-failed'}`} data-testid="verdict" data-valid={String(valid)}>
      <span aria-hidden="true">{valid ? '✓' : '✕'}</span> {valid ? 'verified' : 'invalid'} · {scheme}
    </span>
  )
}
