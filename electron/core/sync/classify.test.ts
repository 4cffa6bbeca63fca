import { describe, expect, it } from 'vitest';
import { classifyFailure, errorMessage } from './classify';
import { IdleTimeoutError } from './transport';

describe('classifyFailure', () => {
  it('names each answer as the user needs it', () => {
    expect(classifyFailure({ status: 401, message: 'x' }, false)).toMatchObject({ reason: 'wrong-password' });
    expect(classifyFailure({ status: 403, message: 'x' }, false)).toMatchObject({ reason: 'not-a-member' });
    expect(classifyFailure({ status: 404, reason: 'Database does not exist.' }, false)).toMatchObject({
      reason: 'database-missing',
    });
    // A cluster node down: the server is not available, retried, never "up to date".
    expect(classifyFailure({ status: 412, reason: 'nodedown' }, false)).toMatchObject({
      kind: 'error',
      reason: 'server-error',
    });
    expect(classifyFailure({ status: 503 }, false)).toMatchObject({ reason: 'server-error' });
    expect(classifyFailure(new IdleTimeoutError(9_000), false)).toMatchObject({ kind: 'offline' });
    expect(classifyFailure({ code: 'ECONNREFUSED' }, false)).toMatchObject({ kind: 'offline' });
    expect(classifyFailure({ code: 'ENOSPC', message: 'no space left on device' }, false)).toMatchObject({
      reason: 'disk-full',
    });
    // PouchDB rewrapped a reset: the transport saw it fail, so it is the network.
    expect(classifyFailure(new Error('unknown'), true)).toMatchObject({ kind: 'offline' });
  });

  it('never lets credentials in a URL reach a message', () => {
    expect(errorMessage({ message: 'GET http://alice:s3cret@host/db failed' })).toBe('GET http://host/db failed');
  });
});
