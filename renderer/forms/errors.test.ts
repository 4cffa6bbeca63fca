import { describe, expect, it } from 'vitest';
import { RemoteCallError } from '../../shared/contract/errors';
import { errorAt, formErrorsFrom, lockedKeys } from './errors';

describe('form errors', () => {
  it('strips the call input prefix so messages land beside the form fields', () => {
    const e = new RemoteCallError({
      code: 'invalid-input',
      message: 'invalid input for records.save',
      fields: { 'doc.ssin': 'not valid', 'doc.addresses.0.city': 'too long' },
    });
    const fe = formErrorsFrom(e);
    expect(fe.fields).toEqual({ ssin: 'not valid', 'addresses.0.city': 'too long' });
    expect(fe.message).toMatch(/see the messages beside them/);
    expect(errorAt(fe.fields, 'addresses.0')).toBe('too long');
  });

  it('explains a revision conflict in plain words', () => {
    expect(formErrorsFrom(new RemoteCallError({ code: 'conflict', message: 'x' })).message).toMatch(
      /Someone else changed this record/,
    );
  });

  it('locks the top-level part of each invalid field', () => {
    expect([...lockedKeys({ 'addresses.0.city': 'x', dateOfBirth: 'y' })].sort()).toEqual(['addresses', 'dateOfBirth']);
  });
  it("words a failure without field messages by its code, never only in the core's English", () => {
    const noAnswer = formErrorsFrom(
      new RemoteCallError({ code: 'unavailable', message: 'the workstation did not answer in time' }),
    );
    expect(noAnswer.message).toMatch(/did not answer in time: what you typed is kept here/);
    expect(formErrorsFrom(new RemoteCallError({ code: 'disk-full', message: 'ENOSPC' })).message).toMatch(
      /disk is full/,
    );
    expect(formErrorsFrom(new RemoteCallError({ code: 'internal', message: 'boom' })).message).toMatch(
      /not saved \(boom\)/,
    );
  });
});
