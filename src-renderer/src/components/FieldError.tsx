// A field's error under it (announced as an alert), and the attributes its input needs to point at it:
// one pattern for every form (endpoint, settings, send, inbox settings, new inbox).

/** aria-invalid and aria-describedby for the input `id`, when it has an error. */
export function invalidProps(id: string, error: string | null | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-err` } : {}
}

export function FieldError(props: { id: string; error: string | null | undefined; testid: string; inline?: boolean; children?: React.ReactNode }) {
  if (!props.error) return null
  const Tag = props.inline ? 'span' : 'div'
  return (
    <Tag className="field-err" id={`${props.id}-err`} role="alert" data-testid={props.testid}>
      {props.children ?? props.error}
    </Tag>
  )
}
