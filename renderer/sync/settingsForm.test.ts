import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { settingsErrors, toSaveInput, toSettingsForm, toTestInput } from './settingsForm';

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

describe('the core refusing the settings', () => {
  afterEach(async () => {
    await setLanguage('en');
  });

  it('says each field rule in the user language and keeps a message it does not know', async () => {
    const refused = {
      fields: { serverUrl: 'enter the server address, e.g. …', db: 'lower-case letters …', other: 'as sent' },
    };
    expect(settingsErrors(refused).fields.serverUrl).toMatch(/^enter the server address/);
    await setLanguage('fr');
    const fr = settingsErrors(refused);
    expect(fr.fields).toEqual({
      serverUrl:
        "saisissez l'adresse du serveur, p. ex. https://couch.clinic.lan:6984 (sans utilisateur ni mot de passe)",
      db: 'lettres minuscules, chiffres et _$()+-/ uniquement, en commençant par une lettre',
      other: 'as sent',
    });
    expect(fr.message).toBe('Certains champs sont à corriger ; voyez les messages à côté.');
    await setLanguage('nl');
    expect(settingsErrors({ fields: {}, message: 'offline' })).toEqual({ fields: {}, message: 'offline' });
  });
});
