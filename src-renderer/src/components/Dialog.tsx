// Dialogs mount only while open and load Radix on first use, so the first screen's script stays small.
import { lazy, Suspense, type ReactNode } from 'react'

const DialogImpl = lazy(() => import('./DialogImpl'))

export interface DialogProps {
  open: boolean
  onOpenChange: (v: boolean) => void
  title: string
  description?: string
  wide?: boolean
  testid?: string
  children: ReactNode
}

export function Dialog(props: DialogProps) {
  if (!props.open) return null
  return (
    <Suspense fallback={null}>
      <DialogImpl {...props} />
    </Suspense>
  )
}
