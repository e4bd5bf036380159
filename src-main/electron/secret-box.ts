// Endpoint and inbox secrets sealed with the OS keychain through Electron safeStorage.
// On Linux without a keyring, safeStorage falls back to a hard-coded key ('basic_text'):
// that is no protection, so we say "unavailable" and the engine keeps its plain box.
import type { SafeStorage } from 'electron'
import type { SecretBox } from '../engine/secrets'

export function createSafeStorageBox(safeStorage: SafeStorage, platform = process.platform): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null
  return {
    id: 'safeStorage',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  }
}
