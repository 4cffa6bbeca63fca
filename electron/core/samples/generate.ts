// Synthetic sample patients with clearly fake names, deterministic for a given seed: the same
// generator fills an empty workstation on request and the benchmark databases.
import { randomUUID } from 'node:crypto';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Bram', 'Cleo', 'Dries', 'Elke', 'Femke', 'Gust', 'Hanne', 'Ilse', 'Jef', 'Kato', 'Lotte', 'Mats', 'Nele', 'Odile', 'Pieter', 'Quinten', 'Roos', 'Sander', 'Tine', 'Ugo', 'Vera', 'Wout', 'Xavier', 'Yana', 'Zeno', 'Amélie', 'Émile', 'Hélène', 'Jérôme'];
// "Fict", "Sample", "Placebo"... so that nobody mistakes a sample for a real person.
const ROOTS = ['Fictus', 'Samplé', 'Placebo', 'Testaert', 'Mockers', 'Dummont', 'Synthe', 'Fakir', 'Proxé', 'Modèle', 'Essai', 'Demo'];
const SUFFIX = ['', 'ns', 'man', 'ski', 'ez', 'ard', 'ville', 'berg', 'quist', 'oux'];
const STREETS = ['Rue de l’Exemple', 'Voorbeeldstraat', 'Sample Lane', 'Chemin du Test'];
const CITIES = [['1000', 'Bruxelles'], ['2000', 'Antwerpen'], ['4000', 'Liège'], ['9000', 'Gent']] as const;
const PROBLEMS = [
  ['T90', 'Diabetes type 2', 'problem'],
  ['K86', 'Hypertension', 'problem'],
  ['R96', 'Asthma', 'problem'],
  ['A12', 'Penicillin allergy', 'allergy'],
] as const;

export type SampleWho = { author: string; responsible: string; device: string; now: number };

function ssinFor(dob: number, serial: number): string {
  const yy = String(Math.floor(dob / 10000) % 100).padStart(2, '0');
  const mm = String(Math.floor(dob / 100) % 100).padStart(2, '0');
  const dd = String(dob % 100).padStart(2, '0');
  const base = `${yy}${mm}${dd}${String(serial % 1000).padStart(3, '0')}`;
  const year = Math.floor(dob / 10000);
  const n = Number(year >= 2000 ? '2' + base : base);
  return base + String(97 - (n % 97)).padStart(2, '0');
}

function dateTime(r: () => number, now: number): number {
  const d = new Date(now - Math.floor(r() * 5 * 365 * 86_400_000));
  return d.getFullYear() * 1e10 + (d.getMonth() + 1) * 1e8 + d.getDate() * 1e6 + (8 + Math.floor(r() * 10)) * 1e4 + Math.floor(r() * 40) * 100;
}

export type SampleOptions = { patients: number; contactsPerPatient: number; seed?: number; uuid?: () => string };

/** Yields batches of documents: each patient followed by its contacts and health elements. */
export function* generateSamples(opts: SampleOptions, who: SampleWho, batchSize = 1000): Generator<Record<string, unknown>[]> {
  const r = rng(opts.seed ?? 42);
  const uuid = opts.uuid ?? (() => randomUUID());
  const stamp = { created: who.now, modified: who.now, author: who.author, responsible: who.responsible, device: who.device };
  const synthetic = [{ type: 'CD-ITEM', code: 'synthetic', version: '1' }];
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(r() * arr.length)]!;
  let batch: Record<string, unknown>[] = [];
  for (let i = 0; i < opts.patients; i++) {
    const patientId = uuid();
    const year = 1930 + Math.floor(r() * 90);
    const dob = year * 10000 + (1 + Math.floor(r() * 12)) * 100 + 1 + Math.floor(r() * 28);
    const [postalCode, city] = pick(CITIES);
    const gender = r() < 0.5 ? 'female' : 'male';
    batch.push({
      _id: patientId,
      type: 'patient',
      ...stamp,
      firstName: pick(FIRST),
      lastName: pick(ROOTS) + pick(SUFFIX),
      dateOfBirth: dob,
      gender,
      ssin: ssinFor(dob, i),
      languages: [r() < 0.5 ? 'fr' : 'nl'],
      active: true,
      tags: synthetic,
      addresses: [
        {
          id: uuid(),
          addressType: 'home',
          street: pick(STREETS),
          houseNumber: String(1 + Math.floor(r() * 200)),
          postalCode,
          city,
          country: 'BE',
          telecoms: [{ id: uuid(), telecomType: 'mobile', telecomNumber: `+32 470 ${String(i % 1_000_000).padStart(6, '0')}` }],
        },
      ],
    });
    for (let c = 0; c < opts.contactsPerPatient; c++) {
      const when = dateTime(r, who.now);
      const sys = 105 + Math.floor(r() * 50);
      const measure = (label: string, code: string, value: number, unit: string) => ({
        id: uuid(),
        label,
        valueDate: when,
        codes: [{ type: 'LOINC', code, version: '2.76' }],
        content: { en: { measureValue: { value, unit } } },
      });
      batch.push({
        _id: uuid(),
        type: 'contact',
        ...stamp,
        patientId,
        descr: pick(['Consultation', 'Follow-up', 'Home visit', 'Check-up']),
        openingDate: when,
        closingDate: when + 2000, // dateTime() keeps minutes under 40: +20 minutes stays valid
        tags: synthetic,
        services: [
          measure('Blood pressure systolic', '8480-6', sys, 'mmHg'),
          measure('Blood pressure diastolic', '8462-4', 60 + Math.round((sys - 105) * 0.5) + Math.floor(r() * 8), 'mmHg'),
          measure('Body weight', '29463-7', Math.round((50 + r() * 50) * 10) / 10, 'kg'),
          { id: uuid(), label: 'Note', valueDate: when, content: { en: { stringValue: 'Synthetic sample note.' } } },
        ],
        subContacts: [],
      });
    }
    if (r() < 0.4) {
      const [code, descr, kind] = pick(PROBLEMS);
      const heId = uuid();
      batch.push({
        _id: heId,
        type: 'healthElement',
        ...stamp,
        healthElementId: heId,
        patientId,
        descr,
        codes: [{ type: 'ICPC', code, version: '2' }],
        tags: [{ type: 'CD-ITEM', code: kind, version: '1' }, ...synthetic],
        openingDate: dateTime(r, who.now),
        relevant: true,
      });
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
