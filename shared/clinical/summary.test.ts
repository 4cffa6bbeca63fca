import { describe, expect, it } from 'vitest';
import {
  activeProblems,
  ageOn,
  allergyStatus,
  dayMonthYear,
  lastVitals,
  medications,
  trendSeries,
  NO_KNOWN_ALLERGY,
} from './summary';

const loinc = (code: string) => [{ type: 'LOINC', code, version: '2.76' }];
const measure = (id: string, code: string, value: number, unit: string, extra: Record<string, unknown> = {}) => ({
  id,
  label: code,
  codes: loinc(code),
  content: { en: { measureValue: { value, unit } } },
  ...extra,
});
const contact = (id: string, openingDate: number, services: unknown[], extra: Record<string, unknown> = {}) => ({
  _id: id,
  _rev: '1-a',
  type: 'contact',
  patientId: 'p',
  openingDate,
  services,
  ...extra,
});
const he = (id: string, tags: string[], extra: Record<string, unknown> = {}) => ({
  _id: id,
  _rev: '1-a',
  type: 'healthElement',
  descr: id,
  tags: tags.map((code) => ({ type: 'CD-ITEM', code })),
  ...extra,
});
const med = (
  id: string,
  name: string,
  extra: Record<string, unknown> = {},
  medExtra: Record<string, unknown> = {},
) => ({
  id,
  label: 'Medication',
  content: { en: { medicationValue: { medicinalProduct: { intendedname: name }, ...medExtra } } },
  ...extra,
});

describe('age', () => {
  const today = new Date(2026, 11, 2); // 2 December 2026
  it('counts whole years, a day before the birthday one less', () => {
    expect(ageOn(19800315, today)).toMatchObject({ years: 46, approximate: false });
    expect(ageOn(19801203, today)?.years).toBe(45);
    expect(ageOn(19801202, today)?.years).toBe(46);
  });
  it('gives months for babies and is approximate with an unknown month or day', () => {
    expect(ageOn(20260902, today)).toMatchObject({ years: 0, months: 3 });
    expect(ageOn(19740000, today)).toMatchObject({ years: 52, approximate: true });
  });
  it('has no age for an unreadable or future date of birth', () => {
    expect(ageOn(undefined, today)).toBeUndefined();
    expect(ageOn('1980', today)).toBeUndefined();
    expect(ageOn(20310501, today)).toBeUndefined();
  });
  it('shows dates day/month/year', () => {
    expect(dayMonthYear(19740321)).toBe('21/03/1974');
    expect(dayMonthYear(19740300)).toBe('03/1974');
    expect(dayMonthYear(20261125143000)).toBe('25/11/2026');
  });
});

describe('allergies', () => {
  it('lists active allergies and intolerances, severe first; a closed one is not there', () => {
    const s = allergyStatus([
      he('Lactose', ['intolerance'], { agent: 'Lactose', reaction: 'bloating', severity: 'mild' }),
      he('Penicillin', ['allergy'], { agent: 'Penicillin', reaction: 'anaphylaxis', severity: 'severe' }),
      he('Latex', ['allergy'], { agent: 'Latex', closingDate: 20261101000000 }),
      he('Nuts', ['allergy'], { agent: 'Nuts', status: 1 }),
      he('Diabetes', ['problem']),
    ]);
    expect(s.allergies.map((a) => [a.agent, a.kind, a.severity])).toEqual([
      ['Penicillin', 'allergy', 'severe'],
      ['Lactose', 'intolerance', 'mild'],
    ]);
    expect(s.noKnownAllergies).toBe(false);
  });
  it('"no known allergies" holds until an allergy is recorded', () => {
    const nka = he('No known allergies', ['allergy'], { codes: [NO_KNOWN_ALLERGY] });
    expect(allergyStatus([nka])).toMatchObject({
      allergies: [],
      noKnownAllergies: true,
      noKnownAllergyIds: [{ id: 'No known allergies' }],
    });
    const s = allergyStatus([nka, he('Aspirin', ['allergy'], { agent: 'Aspirin' })]);
    expect(s.noKnownAllergies).toBe(false);
    expect(s.allergies).toHaveLength(1);
    expect(allergyStatus([])).toMatchObject({ allergies: [], noKnownAllergies: false });
  });
  it('takes the description when another client wrote no agent; entered in error does not count', () => {
    const s = allergyStatus([he('Allergy to nuts', ['allergy']), he('Wrong', ['allergy'], { enteredInError: true })]);
    expect(s.allergies.map((a) => a.agent)).toEqual(['Allergy to nuts']);
  });
  it('active problems exclude allergies and closed ones, newest first', () => {
    const list = activeProblems([
      he('Asthma', ['problem'], { openingDate: 20100101000000 }),
      he('Hypertension', [], { openingDate: 20200501000000 }),
      he('Flu', ['problem'], { closingDate: 20250101000000 }),
      he('Penicillin', ['allergy']),
    ]);
    expect(list.map((d) => d.descr)).toEqual(['Hypertension', 'Asthma']);
  });
});

describe('medications', () => {
  const now = new Date(2026, 11, 2, 12, 0);
  it('are current across contacts unless stopped or past their end date', () => {
    const m = medications(
      [
        contact('c1', 20250101090000, [
          med('m1', 'Amlodipine 5 mg'),
          med('m2', 'Amoxicillin', {}, { endMoment: 20250110000000 }),
        ]),
        contact('c2', 20260601090000, [
          med('m3', 'Metformin 500 mg', {}, { beginMoment: 20260601000000, endMoment: 20271231000000 }),
          med('m4', 'Ibuprofen', { endOfLife: 1_780_000_000_000 }),
          med('m5', 'Typo', { enteredInError: true }),
        ]),
      ],
      now,
    );
    expect(m.current.map((x) => x.name)).toEqual(['Metformin 500 mg', 'Amlodipine 5 mg']);
    expect(m.current[1]?.started).toBe(20250101090000);
    expect(m.stopped.map((x) => x.name).sort()).toEqual(['Amoxicillin', 'Ibuprofen']);
  });
  it('take the newest contact’s version of a service kept across contacts', () => {
    const m = medications(
      [
        contact('c1', 20250101090000, [med('m1', 'Amlodipine 5 mg')]),
        contact('c2', 20260101090000, [med('m1', 'Amlodipine 5 mg', { endOfLife: 1 })]),
      ],
      now,
    );
    expect(m.current).toEqual([]);
    expect(m.stopped).toHaveLength(1);
  });
  it('take the later write when two contacts share the same date', () => {
    const m = medications(
      [
        contact('c2', 20260101090000, [med('m1', 'Amlodipine 10 mg')], { modified: 1_780_000_000_002 }),
        contact('c1', 20260101090000, [med('m1', 'Amlodipine 5 mg')], { modified: 1_780_000_000_001 }),
      ],
      now,
    );
    expect(m.current.map((x) => x.name)).toEqual(['Amlodipine 10 mg']);
  });
  it('were started when first recorded, though a later contact holds the current version', () => {
    const m = medications(
      [
        contact('c1', 20250101090000, [med('m1', 'Amlodipine 5 mg')]),
        contact('c2', 20260101090000, [med('m1', 'Amlodipine 10 mg')]),
      ],
      now,
    );
    expect(m.current.map((x) => [x.name, x.started])).toEqual([['Amlodipine 10 mg', 20250101090000]]);
  });
});

describe('vitals and trends', () => {
  const contacts = [
    contact('c2', 20261102100000, [
      measure('s2', '8480-6', 135, 'mmHg'),
      measure('d2', '8462-4', 85, 'mmHg'),
      measure('w2', '29463-7', 81, 'kg'),
      measure('t2', '8310-5', 38.2, '°C', { enteredInError: true }),
    ]),
    contact('c1', 20260101090000, [
      measure('s1', '8480-6', 128, 'mmHg'),
      measure('d1', '8462-4', 82, 'mmHg'),
      measure('w1', '29463-7', 80, 'kg'),
      measure('h1', '8302-2', 180, 'cm'),
      measure('t1', '8310-5', 37.1, '°C'),
      measure('p1', '8867-4', 72, '/min'),
    ]),
    contact('gone', 20261201100000, [measure('s3', '8480-6', 300, 'mmHg'), measure('d3', '8462-4', 200, 'mmHg')], {
      deletionDate: 1,
    }),
  ];
  it('pairs blood pressure readings, oldest first, leaving out deleted contacts', () => {
    expect(trendSeries(contacts).bloodPressure.map((p) => [p.systolic, p.diastolic, p.date])).toEqual([
      [128, 82, 20260101090000],
      [135, 85, 20261102100000],
    ]);
  });
  it('computes BMI from each weight and the height measured before it', () => {
    expect(trendSeries(contacts).bmi.map((p) => p.value)).toEqual([24.7, 25]);
  });
  it('excludes services entered in error from trends and the last vitals', () => {
    expect(trendSeries(contacts).temperature.map((p) => p.value)).toEqual([37.1]);
    const v = lastVitals(contacts);
    expect(v.temperature).toMatchObject({ value: 37.1, date: 20260101090000 });
    expect(v.bloodPressure).toMatchObject({ systolic: 135, diastolic: 85, date: 20261102100000 });
    expect(v.weight?.value).toBe(81);
    expect(v.heartRate?.value).toBe(72);
    expect(v.spo2).toBeUndefined();
  });
  it('reads measures other clients labelled without codes, and ignores ended services', () => {
    const v = lastVitals([
      contact('x', 20260101090000, [
        { id: 'a', label: 'Weight', content: { fr: { measureValue: { value: 70, unit: 'kg' } } } },
        { id: 'b', label: 'Temperature', endOfLife: 5, content: { en: { measureValue: { value: 39, unit: '°C' } } } },
      ]),
    ]);
    expect(v.weight?.value).toBe(70);
    expect(v.temperature).toBeUndefined();
  });
});
