// Human-readable lines for stored services and records, tolerant of shapes we did not write.
import { asArray, asObject, asString } from '../forms/values';
import { LANGUAGE } from '../contacts/contactForm';

const PERIOD_NAMES: Record<string, string> = { morning: 'morning', midday: 'midday', evening: 'evening', beforebedtime: 'bedtime' };

function pickContent(service: Record<string, unknown>): Record<string, unknown> {
  const content = asObject(service.content);
  return asObject(content[LANGUAGE] ?? Object.values(content)[0]);
}

export function describeRegimen(regimen: unknown): string {
  const parts = asArray(regimen).map((raw) => {
    const r = asObject(raw);
    const q = asObject(r.administratedQuantity);
    const when = asString(asObject(r.dayPeriod).code);
    const qty = [asString(q.quantity), asString(q.unit)].filter(Boolean).join(' ');
    const period = PERIOD_NAMES[when] ?? when;
    const time = typeof r.timeOfDay === 'number' ? `at ${String(r.timeOfDay).padStart(6, '0').replace(/(\d\d)(\d\d)\d\d/, '$1:$2')}` : '';
    return [qty, period || time].filter(Boolean).join(' ');
  });
  return parts.filter(Boolean).join(', ');
}

/** The value of a service as one line, e.g. "128 mmHg" or "Amlodipine 5 mg — 1 tablet morning". */
export function describeServiceValue(service: Record<string, unknown>): string {
  const c = pickContent(service);
  if (c.measureValue !== undefined) {
    const m = asObject(c.measureValue);
    return [asString(m.value), asString(m.unit)].filter(Boolean).join(' ');
  }
  if (c.stringValue !== undefined) return asString(c.stringValue);
  if (c.numberValue !== undefined) return asString(c.numberValue);
  if (c.booleanValue !== undefined) return c.booleanValue === true ? 'yes' : 'no';
  if (c.medicationValue !== undefined) {
    const med = asObject(c.medicationValue);
    const name = asString(asObject(med.medicinalProduct).intendedname) || '(no product)';
    const regimen = describeRegimen(med.regimen);
    const instructions = asString(med.instructionForPatient);
    return [name, regimen, instructions].filter(Boolean).join(' — ');
  }
  return '(no value this version can show)';
}

export function isClosed(doc: Record<string, unknown>): boolean {
  return doc.closingDate !== undefined || doc.endOfLife !== undefined;
}
