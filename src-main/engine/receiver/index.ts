// The receiver's public surface.
export { createReceiver } from './receiver'
export type { Receiver, ReceiverDeps, ReceiverOptions, RetentionOptions, InboxOverride } from './receiver'
export { parseResponseScript, formatResponseScript, DEFAULT_RULE } from './response-rules'
export type { ResponseRule, ResponseStep } from './response-rules'
export { DEFAULT_INBOX_SLUG } from './inboxes'
export type { ImportedCapture } from './capture-import'
export type * from './types'
