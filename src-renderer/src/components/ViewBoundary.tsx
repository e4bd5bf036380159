// A view that throws while rendering, or whose code cannot be fetched (browser mode with `hooklab serve`
// stopped: its chunk import fails), takes down only itself: the rail and the other views stay, and the
// pane says what happened and how to get back. Without it React unmounted the whole page (a grey screen).
import { Component } from 'react'
import type { ErrorInfo, ReactNode } from 'react'

interface Props {
  /** The view's name, for the message; a new name (another view) clears the error. */
  view: string
  children: ReactNode
}

interface State {
  error: Error | null
  view: string
}

/** A failed dynamic import: the view's code never arrived (the server is gone, or was updated). */
function isChunkLoad(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(error.message)
}

export class ViewBoundary extends Component<Props, State> {
  override state: State = { error: null, view: this.props.view }

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error }
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.view !== state.view ? { view: props.view, error: null } : null
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.view} view failed`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    const chunk = isChunkLoad(error)
    return (
      <div className="empty" role="alert" data-testid="view-failed">
        <div className="empty-title">{chunk ? `The ${this.props.view} view could not be loaded` : `The ${this.props.view} view stopped working`}</div>
        <div className="empty-body">
          {chunk ? (
            <>
              Its code did not arrive: is Hooklab still running? Start it again (<code>hooklab serve</code>, or the app), then reload this page.
            </>
          ) : (
            `${error.message}. The other views still work; reloading the page starts this one afresh.`
          )}
        </div>
        <button className="btn" onClick={() => window.location.reload()} data-testid="view-failed-reload">
          Reload
        </button>
      </div>
    )
  }
}
