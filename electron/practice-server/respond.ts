// JSON answers in CouchDB's style, for the gates and the live _changes route alike.
import type { Response } from 'express';

export function sendJSON(res: Response, status: number, body: object): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify(body) + '\n');
}

/** An error thrown by PouchDB (status, name, message) as CouchDB would answer it. */
export function sendError(res: Response, err: unknown): void {
  const e = err as { status?: unknown; name?: unknown; message?: unknown };
  sendJSON(res, typeof e.status === 'number' ? e.status : 500, {
    error: typeof e.name === 'string' ? e.name : 'error',
    reason: String(e.message ?? err),
  });
}
