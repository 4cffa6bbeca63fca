// The Belgian national number (SSIN, INSZ/NISS): YYMMDD, a serial (odd for men, even for women)
// and a mod-97 check. People born from 2000 on have the check computed with a '2' in front, which
// is how the century is known. BIS numbers add 20 (sex unknown) or 40 (sex known) to the month.
import { validSsin } from '../records/schemas';

export type SsinSex = 'male' | 'female';
/** What an SSIN encodes. A part the number leaves open (00, or a BIS number without sex) is undefined. */
export type SsinFacts = { year: number; month?: number; day?: number; sex?: SsinSex; bis: boolean };

/** Digits only: "85.07.30-033.28" → "85073003328". */
export function ssinDigits(text: string): string {
  return text.replace(/[\s.-]/g, '');
}

export function isValidSsin(text: string): boolean {
  return validSsin(ssinDigits(text));
}

/** The birth date and sex an SSIN encodes, or undefined when it is not a valid SSIN. */
export function decodeSsin(text: string): SsinFacts | undefined {
  const s = ssinDigits(text);
  if (!validSsin(s)) return undefined;
  const base = s.slice(0, 9);
  const check = Number(s.slice(9));
  const after2000 = 97 - (Number('2' + base) % 97) === check;
  const yy = Number(s.slice(0, 2));
  let mm = Number(s.slice(2, 4));
  const dd = Number(s.slice(4, 6));
  const serial = Number(s.slice(6, 9));
  let bis = false;
  let sexKnown = true;
  if (mm >= 40) {
    mm -= 40;
    bis = true;
  } else if (mm >= 20) {
    mm -= 20;
    bis = true;
    sexKnown = false;
  }
  const facts: SsinFacts = { year: (after2000 ? 2000 : 1900) + yy, bis };
  if (mm >= 1 && mm <= 12) facts.month = mm;
  if (dd >= 1 && dd <= 31) facts.day = dd;
  if (sexKnown) facts.sex = serial % 2 === 1 ? 'male' : 'female';
  return facts;
}

export type SsinMismatch = { field: 'dateOfBirth' | 'gender'; encoded: string };

/**
 * Where an SSIN disagrees with the date of birth (fuzzy YYYYMMDD) and gender: a warning, never a
 * refusal (the register may hold a corrected number). Only parts both sides know are compared.
 */
export function ssinMismatches(
  ssin: string,
  dateOfBirth: number | undefined,
  gender: string | undefined,
): SsinMismatch[] {
  const facts = decodeSsin(ssin);
  if (!facts) return [];
  const out: SsinMismatch[] = [];
  if (dateOfBirth !== undefined) {
    const y = Math.floor(dateOfBirth / 10000);
    const m = Math.floor(dateOfBirth / 100) % 100;
    const d = dateOfBirth % 100;
    const differs =
      y !== facts.year ||
      (m !== 0 && facts.month !== undefined && m !== facts.month) ||
      (d !== 0 && facts.day !== undefined && d !== facts.day);
    if (differs) out.push({ field: 'dateOfBirth', encoded: encodedDate(facts) });
  }
  const sex =
    gender === 'male' || gender === 'changedToMale'
      ? 'male'
      : gender === 'female' || gender === 'changedToFemale'
        ? 'female'
        : undefined;
  if (sex && facts.sex && sex !== facts.sex) out.push({ field: 'gender', encoded: facts.sex });
  return out;
}

/** The birth date an SSIN encodes, as YYYYMMDD with 00 for what it leaves open. */
export function encodedDate(facts: SsinFacts): string {
  return String(facts.year * 10000 + (facts.month ?? 0) * 100 + (facts.day ?? 0));
}
