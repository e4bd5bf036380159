// Radix dialog with our chrome (loaded on first open, see Dialog.tsx): focus trapped, Escape closes, title and description labelled.
import * as RD from '@radix-ui/react-dialog'
import { useState, type ReactNode } from 'react'

export default function DialogImpl(props: {
  open: boolean
  onOpenChange: (v: boolean) => void
  title: string
  description?: string
  wide?: boolean
  testid?: string
  children: ReactNode
}) {
  // No RD.Trigger here (dialogs open from buttons, keys and menus alike), so Radix cannot give focus back on close:
  // what had focus when this mounted (it mounts on opening, see Dialog.tsx) gets it back.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null))
  return (
    <RD.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RD.Portal>
        <RD.Overlay className="dlg-overlay" />
        <RD.Content
          className={`dlg ${props.wide ? 'dlg-wide' : ''}`}
          data-testid={props.testid}
          onOpenAutoFocus={(e) => {
            // A control marked data-autofocus gets the focus instead of the first one (e.g. Cancel in a confirmation).
            const preferred = (e.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>('[data-autofocus]')
            if (!preferred) return
            e.preventDefault()
            preferred.focus()
          }}
          onCloseAutoFocus={(e) => {
            if (!opener?.isConnected) return
            e.preventDefault()
            opener.focus()
          }}
        >
          <div className="dlg-head">
            <RD.Title className="dlg-title">{props.title}</RD.Title>
            <RD.Close className="btn-icon" aria-label="Close dialog">
              ×
            </RD.Close>
          </div>
          <RD.Description className={props.description ? 'dlg-desc' : 'sr-only'}>{props.description ?? props.title}</RD.Description>
          <div className="dlg-body">{props.children}</div>
        </RD.Content>
      </RD.Portal>
    </RD.Root>
  )
}
