import { describe, expect, it } from 'vitest';
import { toSaveInput, toSettingsForm, toTestInput } from './settingsForm';

describe('connection settings form', () => {
  it('never pre-fills the password, and leaves it out when the box is empty (keep the stored one)', () => {
    const form = toSettingsForm({
      serverUrl: 'http://127.0.0.1:5984',
      db: 'practice',
      username: 'alice',
      hasPassword: true,
      enabled: true,
    });
    expect(form.password).toBe('');
    expect(toSaveInput(form)).toEqual({
      serverUrl: 'http://127.0.0.1:5984',
      db: 'practice',
      username: 'alice',
      enabled: true,
    });
    expect('password' in toTestInput(form)).toBe(false);
  });

  it('sends a typed password as typed (spaces are part of it) and trims the other fields', () => {
    const input = toSaveInput({
      serverUrl: ' http://h:1 ',
      db: 'practice ',
      username: ' bob ',
      password: ' s3cret ',
      enabled: false,
    });
    expect(input).toEqual({
      serverUrl: 'http://h:1',
      db: 'practice',
      username: 'bob',
      password: ' s3cret ',
      enabled: false,
    });
  });

  it('starts a first setup enabled, on the usual database name', () => {
    expect(toSettingsForm(null)).toEqual({ serverUrl: '', db: 'practice', username: '', password: '', enabled: true });
  });
});
