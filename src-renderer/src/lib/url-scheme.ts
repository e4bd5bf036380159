// A URL typed without its scheme ("localhost:3000/hook") is taken as http://, as a browser's address
// bar does; anything else is left as typed for the server to accept or refuse in its own words.

/** host (a name, IPv4 or [IPv6]), an optional :port, then an optional path, query or fragment. */
const HOST_LIKE = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?(?:[/?#]\S*)?$/i

/** The URL to use for `text` (trimmed), and whether http:// was put in front of it. */
export function withDefaultScheme(text: string): { url: string; assumed: boolean } {
  const t = text.trim()
  if (t === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || !HOST_LIKE.test(t)) return { url: t, assumed: false }
  return { url: `http://${t}`, assumed: true }
}
