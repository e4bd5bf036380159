// Theme from settings (light/dark/system) applied as data-theme on <html>; CSS variables do the rest.
import { useEffect } from 'react'
import { useApp } from './stores/app'

export function useTheme(): void {
  const theme = useApp((s) => s.settings?.theme ?? 'system')
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && mq.matches)
      document.documentElement.dataset.theme = dark ? 'dark' : 'light'
    }
    apply()
    mq.addEventListener('change', apply)
    return () => mq.removeEventListener('change', apply)
  }, [theme])
}
