// Endpoint secrets at rest. A SecretBox seals/opens strings; the sealed bytes record which
// box sealed them, so a process without that box (the CLI reading a secret the app sealed
// with Electron safeStorage) fails with E_SECRET_UNAVAILABLE instead of sending garbage.
import { HooklabError } from './errors'

export interface SecretBox {
  /** Stable id written into every sealed value ('plain', 'safeStorage', ...). */
  readonly id: string
  seal(plain: string): Buffer
  open(sealed: Buffer): string
}

const MAGIC = 'hlsb1'

/** Stores the secret as UTF-8 inside the envelope: for Node/CLI, where no OS keychain is available. */
export const plainSecretBox: SecretBox = {
  id: 'plain',
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
}

/** `hlsb1:<boxId>:` + the box's own bytes. */
export function sealSecret(box: SecretBox, plain: string): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC}:${box.id}:`, 'utf8'), box.seal(plain)])
}

export function sealedBy(sealed: Buffer): string | null {
  const head = sealed.subarray(0, 64).toString('latin1')
  if (!head.startsWith(`${MAGIC}:`)) return null
  const end = head.indexOf(':', MAGIC.length + 1)
  return end < 0 ? null : head.slice(MAGIC.length + 1, end)
}

/** Opens with whichever of the given boxes sealed it; plain values are always readable. */
export function openSecret(boxes: readonly SecretBox[], sealed: Buffer): string {
  const boxId = sealedBy(sealed)
  if (boxId === null) throw new HooklabError('E_SECRET_UNAVAILABLE', 'A stored secret is not in a format this Hooklab understands.')
  const box = boxes.find((b) => b.id === boxId) ?? (boxId === 'plain' ? plainSecretBox : undefined)
  if (!box)
    throw new HooklabError(
      'E_SECRET_UNAVAILABLE',
      `A stored secret was encrypted by the desktop app (${boxId}) and cannot be read here; send from the app or set the secret again.`,
    )
  const payload = sealed.subarray(Buffer.byteLength(`${MAGIC}:${boxId}:`, 'utf8'))
  try {
    return box.open(payload)
  } catch (err) {
    throw new HooklabError('E_SECRET_UNAVAILABLE', `A stored secret could not be decrypted (${boxId}).`, { cause: err })
  }
}
