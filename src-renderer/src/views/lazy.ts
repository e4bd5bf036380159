// Views loaded on demand (not needed for the first screen), shared by the shell's preload.
import { lazy } from 'react'

export const preloadDeliveryDetail = () => import('./DeliveryDetail')
export const DeliveryDetailPane = lazy(() => preloadDeliveryDetail().then((m) => ({ default: m.DeliveryDetailPane })))
