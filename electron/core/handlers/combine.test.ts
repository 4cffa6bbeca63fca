// The handler table is complete and has one handler per call: checked by the compiler (the
// expect-error comments below fail the type check if it ever stops refusing) and at run time.
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../dispatch';
import { combine } from './combine';

const info: Pick<Handlers, 'app.info'> = {
  'app.info': async () => ({
    deviceId: 'd',
    userId: 'u',
    userName: 'U',
    healthcarePartyId: 'h',
    version: '0',
    host: 'browser',
    dataDir: '/tmp',
    idleLockMs: 300_000,
  }),
};

describe('combine', () => {
  it('refuses, at compile time, a table with a call missing', () => {
    // @ts-expect-error every other call has no handler
    expect(() => combine(info)).not.toThrow();
  });

  it('refuses a call defined twice, at compile time and at run time', () => {
    // @ts-expect-error app.info twice
    expect(() => combine(info, info)).toThrow(/app\.info has two handlers/);
  });
});
