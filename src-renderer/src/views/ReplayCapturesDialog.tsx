// Replay what the inbox list shows (this inbox, this search) to one URL, oldest first: after fixing a
// handler, run the webhooks it choked on through it again. Each becomes a delivery with its attempts.
import type { InboxView } from '../../../src-preload/contract'
import { Dialog } from '../components/Dialog'
import { ReplayTargetFields, useReplayTarget } from '../components/ReplayTarget'
import { call } from '../bridge'
import { toast } from '../stores/toasts'

import { REPLAY_MANY_MAX } from '../../../src-preload/limits'

export function ReplayCapturesDialog(props: {
  open: boolean
  onOpenChange: (v: boolean) => void
  inbox: InboxView
  text: string
  /** How many captures the list has: exactly, or (`exact` false, the list has more pages) at least `n`. */
  count: { n: number; exact: boolean }
}) {
  // The inbox's forward target (else the last replay's URL) is offered when the dialog opens.
  const target = useReplayTarget(props.open, props.inbox.verification ?? undefined, { capture: null, inbox: props.inbox })
  const which = props.text ? `matching “${props.text}”` : `(${props.inbox.captureCount})`
  // Known to be over the limit: said up front, and Replay is off (it would be refused, nothing sent).
  const over = props.count.n > REPLAY_MANY_MAX

  const submit = async () => {
    const res = await call('captures.replayMany', { inboxId: props.inbox.id, text: props.text || undefined, ...target.input() }).catch(() => null)
    if (!res) return
    const skipped = res.skippedOversize > 0 ? `; ${res.skippedOversize} over the size limit skipped` : ''
    toast.info(`Replayed ${res.enqueued} capture${res.enqueued === 1 ? '' : 's'}${skipped}`, 'Their attempts show under Deliveries.')
    props.onOpenChange(false)
  }

  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Replay captures to a URL"
      description={`Every capture of “${props.inbox.slug}” ${which}, oldest first, through the delivery queue (at most 1,000 at once).`}
      testid="replay-captures-dialog"
    >
      <div className="form">
        {over && (
          <div className="warn-text small" role="note" data-testid="replay-captures-over">
            {props.count.exact ? props.count.n.toLocaleString() : `More than ${props.count.n.toLocaleString()}`} captures {props.text ? 'match' : 'are in this inbox'}: one replay takes at most{' '}
            {REPLAY_MANY_MAX.toLocaleString()}. Narrow the list with the search above it (a path, an event type, an id or text in the bodies) to {REPLAY_MANY_MAX.toLocaleString()} or fewer.
          </div>
        )}
        <ReplayTargetFields t={target} idPrefix="bulk-replay" />
      </div>
      <div className="dlg-actions">
        <button className="btn" onClick={() => props.onOpenChange(false)}>
          Cancel
        </button>
        <button className="btn btn-primary" disabled={over || !target.to.trim()} onClick={() => void submit()} data-testid="replay-captures-send">
          Replay
        </button>
      </div>
    </Dialog>
  )
}
