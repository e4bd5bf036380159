// Renders the question confirmAction() asks (stores/confirm.ts). Cancel has the focus: Enter on a
// destructive question does not delete anything by accident.
import { useConfirm } from '../stores/confirm'
import { Dialog } from './Dialog'

export function ConfirmHost() {
  const { ask, settle } = useConfirm()
  return (
    <Dialog open={ask !== null} onOpenChange={(open) => !open && settle(false)} title={ask?.title ?? ''} testid="confirm-dialog">
      <p className="confirm-message" data-testid="confirm-message">
        {ask?.message}
      </p>
      <div className="dlg-actions">
        <button className="btn" onClick={() => settle(false)} data-autofocus data-testid="confirm-cancel">
          Cancel
        </button>
        <button className="btn btn-danger" onClick={() => settle(true)} data-testid="confirm-ok">
          {ask?.action}
        </button>
      </div>
    </Dialog>
  )
}
