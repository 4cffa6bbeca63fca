// What counts as the link failing (not the server refusing), for every request the sync makes.

/** A request that got no byte for too long: the link is presumed dead. */
export class IdleTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no answer from the server for ${Math.round(ms / 1000)} s`);
    this.name = 'IdleTimeoutError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

export function isNetworkError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; type?: unknown; errno?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.errno === 'string' && NETWORK_CODES.has(e.errno)) return true;
  return e.name === 'AbortError' || e.name === 'IdleTimeoutError' || e.name === 'FetchError' || e.type === 'system';
}
