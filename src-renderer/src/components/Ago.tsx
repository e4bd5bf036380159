// "12s ago" that stays true while it is on screen (re-renders itself each second, not its parent).
import { age } from '../lib/format'
import { useNow } from '../lib/useNow'

export function Ago({ ts }: { ts: number | null }) {
  const now = useNow(1000)
  return <>{age(ts, now)}</>
}
