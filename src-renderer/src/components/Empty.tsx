import type { ReactNode } from 'react'

export function Empty(props: { title: string; children?: ReactNode; testid?: string }) {
  return (
    <div className="empty" data-testid={props.testid ?? 'empty-state'}>
      <div className="empty-title">{props.title}</div>
      {props.children && <div className="empty-body">{props.children}</div>}
    </div>
  )
}
