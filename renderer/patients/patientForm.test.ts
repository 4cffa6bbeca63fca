import { describe, expect, it } from 'vitest';
import { fromPatientForm, patientValuesFrom, toPatientForm } from './patientForm';

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
    {
      id: 'a1',
      addressType: 'home',
      street: 'Rue',
      city: 'Liège',
      geo: [5.5, 50.6],
      telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'j@x.be', preferred: true }],
    },
  ],
};

describe('patient form', () => {
  it('round-trips a document and keeps every field it does not show', () => {
    const values = toPatientForm(stored);
    expect(values.dateOfBirth).toBe('03/1974'); // as a clinician writes it
    expect(values.languages).toBe('fr');
    values.firstName = ' Jeanne ';
    values.note = '';
    values.addresses[0]!.city = 'Namur';
    const { doc, errors } = fromPatientForm(values, stored);
    expect(errors).toEqual({});
    expect(doc).toMatchObject({
      _id: 'p1',
      _rev: '3-abc',
      firstName: 'Jeanne',
      futureField: { kept: true },
      dateOfBirth: 19740300,
    });
    expect(doc).not.toHaveProperty('note'); // cleared, not stored as ""
    expect(doc.addresses).toEqual([
      {
        id: 'a1',
        addressType: 'home',
        street: 'Rue',
        city: 'Namur',
        geo: [5.5, 50.6],
        telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'j@x.be', preferred: true }],
      },
    ]);
  });

  it('explains every problem at once: missing names, a date that does not exist, a missing number', () => {
    const values = toPatientForm(undefined);
    values.dateOfBirth = '2023-02-30';
    values.addresses = [
      {
        id: 'a',
        addressType: 'home',
        street: '',
        houseNumber: '',
        postboxNumber: '',
        postalCode: '',
        city: '',
        country: '',
        telecoms: [{ id: 't', telecomType: 'mobile', telecomNumber: ' ' }],
      },
    ];
    const { errors } = fromPatientForm(values, undefined);
    expect(errors).toEqual({
      firstName: 'firstNameMissing',
      lastName: 'lastNameMissing',
      dateOfBirth: 'dateImpossible',
      'addresses.0.telecoms.0.telecomNumber': 'telecomMissing',
    });
  });

  it('reads dates the Belgian way and as ISO, and says when the text is no date', () => {
    const values = { ...toPatientForm(undefined), firstName: 'Ilse', lastName: 'Peeters' };
    for (const typed of ['19/07/1987', '19.07.1987', '19-07-1987', '1987-07-19'])
      expect(fromPatientForm({ ...values, dateOfBirth: typed }, undefined).doc.dateOfBirth, typed).toBe(19870719);
    expect(fromPatientForm({ ...values, dateOfBirth: 'july' }, undefined).errors).toEqual({
      dateOfBirth: 'dateFormat',
    });
  });

  it('applies the core’s rules on the first submit: future birth, bad SSIN, bad e-mail and phone', () => {
    const values = {
      ...toPatientForm(undefined),
      firstName: 'Ilse',
      lastName: 'Peeters',
      dateOfBirth: '01/05/2031',
      ssin: '12345678901',
      addresses: [
        {
          ...toPatientForm({ addresses: [{ id: 'a' }] }).addresses[0]!,
          telecoms: [
            { id: 't1', telecomType: 'email', telecomNumber: 'not-an-email' },
            { id: 't2', telecomType: 'mobile', telecomNumber: 'call me' },
          ],
        },
      ],
    };
    const { errors } = fromPatientForm(values, undefined, new Set(), 20261202);
    expect(errors).toEqual({
      dateOfBirth: 'dobFuture',
      ssin: 'ssinInvalid',
      'addresses.0.telecoms.0.telecomNumber': 'emailInvalid',
      'addresses.0.telecoms.1.telecomNumber': 'phoneInvalid',
    });
  });

  it('warns when the SSIN disagrees with the date of birth and gender, without an error', () => {
    const values = { ...toPatientForm(undefined), firstName: 'Ilse', lastName: 'Peeters', gender: 'female' };
    const r = fromPatientForm({ ...values, dateOfBirth: '15/03/1980', ssin: '75010100196' }, undefined);
    expect(r.errors).toEqual({});
    expect(r.warnings.map((w) => w.code)).toEqual(['ssinDob', 'ssinGender']);
    expect(fromPatientForm({ ...values, dateOfBirth: '15/03/1980', ssin: '80031500285' }, undefined).warnings).toEqual(
      [],
    );
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

  it('takes a kept draft back as form values, and refuses what is not one', () => {
    const values = toPatientForm(stored);
    values.lastName = 'Dupont-Durand';
    expect(patientValuesFrom(JSON.parse(JSON.stringify(values)))).toEqual(values);
    expect(patientValuesFrom({ firstName: 'x' })).toBeUndefined();
    expect(patientValuesFrom(null)).toBeUndefined();
  });
});
