// Error toasts read as words: the code becomes a short heading (kept in data-code for support and
// tests), the message loses its method name and API paths (lib/user-error.ts).
import { useToasts } from '../stores/toasts'
import { errorTitle, userMessage } from '../lib/user-error'

export function Toasts() {
  const { toasts, dismiss } = useToasts()
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => {
        const error = t.kind === 'error'
        const code = error && /^E_[A-Z_]+$/.test(t.title) ? t.title : undefined
        return (
          <div key={t.id} className={`toast toast-${t.kind}`} role={error ? 'alert' : 'status'} data-testid={`toast-${t.kind}`} data-code={code}>
            <div className="toast-body">
              <div className={`toast-title${error ? '' : ' mono'}`}>{error ? `⚠ ${errorTitle(t.title)}` : t.title}</div>
              {t.message && <div className="toast-msg">{error ? userMessage(t.message) : t.message}</div>}
            </div>
            {t.action && (
              <button
                className="btn btn-small"
                data-testid="toast-action"
                onClick={() => {
                  t.action?.run()
                  dismiss(t.id)
                }}
              >
                {t.action.label}
              </button>
            )}
            <button className="btn-icon" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        )
      })}
    </div>
  )
}
