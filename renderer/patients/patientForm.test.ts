import { describe, expect, it } from 'vitest';
import { fromPatientForm, toPatientForm } from './patientForm';

const stored = {
  _id: 'p1',
  _rev: '3-abc',
  type: 'patient',
  created: 1,
  modified: 2,
  author: 'u',
  device: 'd',
  firstName: 'Jean',
  lastName: 'Dupont',
  dateOfBirth: 19740300,
  gender: 'male',
  ssin: '74032112346',
  languages: ['fr'],
  note: 'old note',
  futureField: { kept: true },
  addresses: [
    { id: 'a1', addressType: 'home', street: 'Rue', city: 'Liège', geo: [5.5, 50.6], telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'j@x.be', preferred: true }] },
  ],
};

describe('patient form', () => {
  it('round-trips a document and keeps every field it does not show', () => {
    const values = toPatientForm(stored);
    expect(values.dateOfBirth).toBe('1974-03');
    expect(values.languages).toBe('fr');
    values.firstName = ' Jeanne ';
    values.note = '';
    values.addresses[0]!.city = 'Namur';
    const { doc, errors } = fromPatientForm(values, stored);
    expect(errors).toEqual({});
    expect(doc).toMatchObject({ _id: 'p1', _rev: '3-abc', firstName: 'Jeanne', futureField: { kept: true }, dateOfBirth: 19740300 });
    expect(doc).not.toHaveProperty('note'); // cleared, not stored as ""
    expect(doc.addresses).toEqual([
      { id: 'a1', addressType: 'home', street: 'Rue', city: 'Namur', geo: [5.5, 50.6], telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'j@x.be', preferred: true }] },
    ]);
  });

  it('explains bad dates and missing names beside the fields', () => {
    const values = toPatientForm(undefined);
    values.dateOfBirth = '21/03/1974';
    values.addresses = [{ id: 'a', addressType: 'home', street: '', houseNumber: '', postboxNumber: '', postalCode: '', city: '', country: '', telecoms: [{ id: 't', telecomType: 'mobile', telecomNumber: ' ' }] }];
    const { errors } = fromPatientForm(values, undefined);
    expect(errors).toEqual({
      firstName: 'enter a first name',
      lastName: 'enter a last name',
      dateOfBirth: 'enter a date as YYYY, YYYY-MM or YYYY-MM-DD',
      'addresses.0.telecoms.0.telecomNumber': 'enter a number or address',
    });
  });

  it('sends locked (unrepresentable) fields back exactly as stored', () => {
    const odd = { ...stored, dateOfBirth: '21 March 1974', languages: 'fr' };
    const values = toPatientForm(odd);
    expect(values.dateOfBirth).toBe(''); // the form cannot show it…
    const { doc, errors } = fromPatientForm(values, odd, new Set(['dateOfBirth', 'languages']));
    expect(errors).toEqual({});
    expect(doc.dateOfBirth).toBe('21 March 1974'); // …so it is not overwritten with less
    expect(doc.languages).toBe('fr');
  });

  it('reads documents of the wrong shape without throwing', () => {
    const values = toPatientForm({ firstName: 42, addresses: 'nope', languages: [1, null, 'nl'] });
    expect(values).toMatchObject({ firstName: '42', addresses: [], languages: '1, nl' });
  });
});
