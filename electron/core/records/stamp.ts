// Stamping and field preservation for every write the core makes.
import type { Identity } from '../store/identity';

/** Stamp created/modified/author/responsible/device on a body about to be written. */
export function stamp<T extends Record<string, unknown>>(body: T, who: Identity, now: number, existing?: Record<string, unknown>): T {
  return {
    ...body,
    created: typeof existing?.created === 'number' ? existing.created : now,
    modified: now,
    author: who.userId,
    responsible: body.responsible ?? who.healthcarePartyId,
    device: who.deviceId,
  };
}

/**
 * Keep what the caller did not write: fields unknown to our schema always survive; when the stored
 * document is itself invalid (written by another client), nothing it holds may be dropped.
 */
export function preserveFields(
  draft: Record<string, unknown>,
  stored: Record<string, unknown>,
  knownKeys: ReadonlySet<string>,
  storedIsValid: boolean,
): Record<string, unknown> {
  const out = { ...draft };
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith('_') || key in out) continue;
    if (!knownKeys.has(key) || !storedIsValid) out[key] = value;
  }
  return out;
}
