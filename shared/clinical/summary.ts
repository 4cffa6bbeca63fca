// The clinical summary's derivations, pure: age, allergies (and "no known allergies"), active
// problems, current medications; the measurements are in vitals.ts.
import { arr, contentOf, enteredInError, fuzzyToDate, hasCode, num, obj, servicesOf, str, type Doc } from './records';

export { dayMonthYear, enteredInError, fuzzyToDate } from './records';
export { lastVitals, trendSeries } from './vitals';
export type { BloodPressurePoint, LastVitals, MeasureKey, MeasurePoint, Trends } from './vitals';

export type Age = { years: number; months: number; approximate: boolean };

/** Age on `today` from a fuzzy date of birth (YYYYMMDD, 00 = unknown); undefined when unreadable or future. */
export function ageOn(dateOfBirth: unknown, today: Date): Age | undefined {
  const dob = num(dateOfBirth);
  if (dob === undefined || dob < 18000000) return undefined;
  const y = Math.floor(dob / 10000);
  const m = Math.floor(dob / 100) % 100;
  const d = dob % 100;
  if (m > 12 || d > 31) return undefined;
  const approximate = m === 0 || d === 0;
  const ty = today.getFullYear();
  const tm = today.getMonth() + 1;
  const td = today.getDate();
  // An unknown month or day counts as the earliest possible: never younger than shown.
  let months = (ty - y) * 12 + (tm - Math.max(m, 1));
  if (td < Math.max(d, 1)) months -= 1;
  if (months < 0) return undefined;
  return { years: Math.floor(months / 12), months, approximate };
}

// Health elements of a kind: iCure's CD-ITEM tag; "no known allergies" is SNOMED CT 716186003.
export const HE_KIND_TYPE = 'CD-ITEM';
export const NO_KNOWN_ALLERGY = { type: 'SNOMED', code: '716186003', version: '2024-01' } as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

export type HealthElementKind = 'problem' | 'allergy' | 'intolerance' | 'noKnownAllergies';

export function healthElementKind(he: Doc): HealthElementKind {
  if (hasCode(he, NO_KNOWN_ALLERGY.type, NO_KNOWN_ALLERGY.code)) return 'noKnownAllergies';
  if (hasCode(he, HE_KIND_TYPE, 'allergy')) return 'allergy';
  if (hasCode(he, HE_KIND_TYPE, 'intolerance')) return 'intolerance';
  return 'problem';
}

/**
 * Still a fact: not closed, not ended, not flagged deleted, not entered in error, and not marked
 * inactive by another iCure client (status bit 0: 0 active, 1 inactive).
 */
export function isActive(he: Doc): boolean {
  if (((num(he.status) ?? 0) & 1) === 1) return false;
  return (
    he.closingDate === undefined && he.endOfLife === undefined && he.deletionDate === undefined && !enteredInError(he)
  );
}

export type Allergy = {
  id: string;
  rev: string;
  kind: 'allergy' | 'intolerance';
  agent: string;
  reaction: string;
  severity: AllergySeverity | undefined;
  since: number | undefined;
};

export type AllergyStatus = {
  /** Active allergies and intolerances, severe first. */
  allergies: Allergy[];
  /** "No known allergies" recorded and no allergy since. */
  noKnownAllergies: boolean;
  /** Active "no known allergies" entries, to close when an allergy is recorded. */
  noKnownAllergyIds: { id: string; rev: string }[];
};

const SEVERITY_ORDER: Record<string, number> = { severe: 0, moderate: 1, mild: 2 };

export function allergyStatus(healthElements: readonly Doc[]): AllergyStatus {
  const active = healthElements.filter(isActive);
  const allergies: Allergy[] = [];
  const nka: { id: string; rev: string }[] = [];
  for (const he of active) {
    const kind = healthElementKind(he);
    if (kind === 'noKnownAllergies') nka.push({ id: str(he._id), rev: str(he._rev) });
    if (kind !== 'allergy' && kind !== 'intolerance') continue;
    const severity = (ALLERGY_SEVERITIES as readonly string[]).includes(str(he.severity))
      ? (he.severity as AllergySeverity)
      : undefined;
    allergies.push({
      id: str(he._id),
      rev: str(he._rev),
      kind,
      agent: str(he.agent).trim() || str(he.descr).trim(),
      reaction: str(he.reaction).trim(),
      severity,
      since: num(he.openingDate),
    });
  }
  allergies.sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity ?? ''] ?? 3) - (SEVERITY_ORDER[b.severity ?? ''] ?? 3) ||
      a.agent.localeCompare(b.agent),
  );
  return { allergies, noKnownAllergies: allergies.length === 0 && nka.length > 0, noKnownAllergyIds: nka };
}

/** Active problems (health elements that are not allergies), newest first. */
export function activeProblems(healthElements: readonly Doc[]): Doc[] {
  return healthElements
    .filter((he) => isActive(he) && healthElementKind(he) === 'problem')
    .sort((a, b) => (num(b.openingDate) ?? 0) - (num(a.openingDate) ?? 0));
}

export type MedicationLine = {
  serviceId: string;
  contactId: string;
  name: string;
  instructions: string;
  regimen: unknown[];
  /** Fuzzy date-time it was started (the medication's begin, else the service's or contact's date). */
  started: number | undefined;
  /** Fuzzy date-time it ends or ended, when known. */
  ends: number | undefined;
  /** Stopped by the clinician (endOfLife, epoch ms). */
  stoppedAt: number | undefined;
};

export type Medications = { current: MedicationLine[]; stopped: MedicationLine[] };

/**
 * Medications across contacts: current unless stopped (endOfLife) or its end date (the
 * medication's endMoment or the service's closingDate) has passed; entered in error: neither.
 */
export function medications(contacts: readonly Doc[], now: Date): Medications {
  const current: MedicationLine[] = [];
  const stopped: MedicationLine[] = [];
  for (const { service, contact, firstDate } of servicesOf(contacts)) {
    const med = contentOf(service).medicationValue;
    if (med === undefined || enteredInError(service)) continue;
    const m = obj(med);
    const ends = num(m.endMoment) ?? num(service.closingDate);
    const line: MedicationLine = {
      serviceId: str(service.id),
      contactId: str(contact._id),
      name: str(obj(m.medicinalProduct).intendedname) || str(obj(m.substanceProduct).intendedname),
      instructions: str(m.instructionForPatient),
      regimen: arr(m.regimen),
      started: num(m.beginMoment) ?? num(service.openingDate) ?? firstDate,
      ends,
      stoppedAt: num(service.endOfLife),
    };
    const endDate = fuzzyToDate(ends);
    const over = line.stoppedAt !== undefined || (endDate !== undefined && endDate.getTime() <= now.getTime());
    (over ? stopped : current).push(line);
  }
  const byStart = (a: MedicationLine, b: MedicationLine) => (b.started ?? 0) - (a.started ?? 0);
  return { current: current.sort(byStart), stopped: stopped.sort(byStart) };
}
