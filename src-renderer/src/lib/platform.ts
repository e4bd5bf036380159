// Shortcut hints say ⌘ on a Mac and Ctrl elsewhere: one check, so the "?" list and the buttons agree.
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)
}
