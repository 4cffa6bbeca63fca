// Electron's safeStorage as the cipher of the secrets file (OS keychain, DPAPI or libsecret).
import { safeStorage } from 'electron';
import type { Cipher } from './secrets';

export const safeStorageCipher: Cipher = {
  available() {
    if (!safeStorage.isEncryptionAvailable()) return false;
    // On Linux without a keyring Electron falls back to a hard-coded key: that is not encryption.
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};
