/**
 * The per-install token every HTTP request must carry. Generated once into `<data dir>/token`
 * with mode 0600 so only this user can read it; an explicit token (flag or env) wins.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function tokenPath(dataDir: string): string {
  return path.join(dataDir, 'token');
}

export function loadOrCreateToken(dataDir: string, explicit?: string | null): string {
  if (explicit) return explicit;
  const file = tokenPath(dataDir);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch {
    // none yet
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its mode on write: force it
  return token;
}
