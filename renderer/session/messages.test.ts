import { afterEach, describe, expect, it } from 'vitest';
import { RemoteCallError, type ErrorCode } from '../../shared/contract/errors';
import { setLanguage } from '../i18n';
import { refusal, waitText } from './messages';

const refused = (code: ErrorCode, attempts?: { left: number; waitMs: number }) =>
  new RemoteCallError({ code, message: `core says ${code}`, ...(attempts ? { attempts } : {}) });

afterEach(() => setLanguage('en'));

describe('waitText', () => {
  it('rounds up to whole seconds, minutes past 60 s', () => {
    expect(waitText(29_001)).toBe('30 s');
    expect(waitText(1)).toBe('1 s');
    expect(waitText(0)).toBe('1 s');
    expect(waitText(125_000)).toBe('2 min 05 s');
  });
});

describe('refusal', () => {
  it('says how many attempts are left after a wrong password', async () => {
    await setLanguage('en');
    const r = refusal(refused('wrong-password', { left: 3, waitMs: 0 }), 1000);
    expect(r.message).toBe('Wrong user name or password. 3 attempts left before a wait.');
    expect(r.waitUntil).toBeUndefined();
    expect(refusal(refused('wrong-password', { left: 1, waitMs: 0 }), 0).message).toContain('1 attempt left');
  });

  it('starts the wait when the last free attempt failed, or during a wait', async () => {
    await setLanguage('en');
    const last = refusal(refused('wrong-password', { left: 0, waitMs: 30_000 }), 1000);
    expect(last.waitUntil).toBe(31_000);
    expect(last.message).toContain('wait');
    const during = refusal(refused('too-many-attempts', { left: 0, waitMs: 12_000 }), 5000);
    expect(during).toEqual({ message: 'Too many wrong passwords.', waitUntil: 17_000 });
  });

  it('names the unlock case as the locked person’s password', async () => {
    await setLanguage('en');
    expect(refusal(refused('wrong-password', { left: 4, waitMs: 0 }), 0, true).message).toMatch(/^Wrong password\./);
  });

  it('has a message for each refusal, in the UI language', async () => {
    await setLanguage('fr');
    expect(refusal(refused('password-changed'), 0).message).toContain('mot de passe');
    expect(refusal(refused('needs-server'), 0).message).toContain('serveur');
    expect(refusal(refused('forbidden'), 0).message).toContain('membre');
    await setLanguage('nl');
    expect(refusal(refused('wrong-password', { left: 2, waitMs: 0 }), 0).message).toContain('2 pogingen');
    expect(refusal(refused('needs-server'), 0).message).toContain('server');
    const codes: ErrorCode[] = ['password-changed', 'needs-server', 'forbidden', 'too-many-attempts', 'unavailable'];
    const messages = codes.map((c) => refusal(refused(c), 0).message);
    expect(new Set(messages).size).toBe(codes.length);
  });

  it('never shows a code, but passes on an unexpected error', async () => {
    await setLanguage('en');
    expect(refusal(refused('internal'), 0).message).toBe('Could not sign in: core says internal');
    expect(refusal(new Error('boom'), 0).message).toContain('boom');
  });
});
