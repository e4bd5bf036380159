// Form-encoded bodies (Slack's slash commands and interactive payloads, Twilio, Mailgun …) and query
// strings as the name/value pairs a receiver's framework would see: decoded, in order, repeats kept.

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i

export function isFormType(contentType: string | null | undefined): boolean {
  return !!contentType && FORM_TYPE.test(contentType)
}

/** Decoded pairs of `a=1&b=two+words`; null for an empty text or one with a malformed %-escape. */
export function formFields(text: string): [string, string][] | null {
  if (text.trim() === '') return null
  // URLSearchParams turns a bad escape (%zz) into the literal text; a receiver's decoder would reject it.
  for (const part of text.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '))
    } catch {
      return null
    }
  }
  return [...new URLSearchParams(text)]
}
