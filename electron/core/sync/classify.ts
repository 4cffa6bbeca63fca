// Turns whatever a replication, a probe or a local write threw into what the user is told.
import type { SyncErrorReason } from '../../../shared/sync/status';
import { isNetworkError } from './transport';

export type Failure =
  { kind: 'offline'; message: string } | { kind: 'error'; reason: SyncErrorReason; message: string };

function field(err: unknown, name: string): unknown {
  return err && typeof err === 'object' ? (err as Record<string, unknown>)[name] : undefined;
}

export function errorMessage(err: unknown): string {
  const reason = field(err, 'reason');
  const message = field(err, 'message');
  const text =
    typeof reason === 'string' && reason ? reason : typeof message === 'string' && message ? message : String(err);
  // Never let a URL with credentials reach the log or the screen.
  return text.replace(/\/\/[^/@\s]*:[^/@\s]*@/g, '//');
}

function isDiskFull(err: unknown): boolean {
  const code = field(err, 'code');
  const text = `${String(field(err, 'message') ?? '')} ${String(field(err, 'reason') ?? '')}`;
  return code === 'ENOSPC' || /ENOSPC|no space left|disk full/i.test(text);
}

/**
 * `transportFailedSince`: a transport failure (refused, reset, timeout) was recorded after the
 * operation started. PouchDB sometimes rewraps such errors into generic ones, and this tells
 * us the cause was the network, not the server.
 */
export function classifyFailure(err: unknown, transportFailedSince: boolean): Failure {
  const message = errorMessage(err);
  if (isDiskFull(err)) return { kind: 'error', reason: 'disk-full', message };
  const status = field(err, 'status');
  if (typeof status === 'number' && status > 0) {
    if (status === 401) return { kind: 'error', reason: 'wrong-password', message };
    if (status === 403) return { kind: 'error', reason: 'not-a-member', message };
    if (status === 404 && /database|no_db_file|missing/i.test(message))
      return { kind: 'error', reason: 'database-missing', message };
    if (status >= 500) return { kind: 'error', reason: 'server-error', message };
  }
  if (isNetworkError(err) || transportFailedSince) return { kind: 'offline', message };
  if (typeof status === 'number' && status >= 400) return { kind: 'error', reason: 'server-error', message };
  return { kind: 'error', reason: 'server-error', message };
}
