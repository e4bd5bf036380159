// The view the page opens on (from the URL hash), shared by boot.ts and the app store.
export const VIEWS = ['send', 'deliveries', 'inbox', 'endpoints', 'stats', 'settings'] as const
export type ViewId = (typeof VIEWS)[number]

export function initialView(): ViewId {
  const h = location.hash.replace('#', '')
  return (VIEWS as readonly string[]).includes(h) ? (h as ViewId) : 'deliveries'
}
