// Human-readable lines for stored services and records, tolerant of shapes we did not write.
import { asArray, asObject, asString } from '../forms/values';
import { LANGUAGE } from '../contacts/contactForm';
import { i18n } from '../i18n';

const t = (key: string, options?: Record<string, unknown>) => String(i18n.t(key, (options ?? {}) as never));

const PERIODS = new Set(['morning', 'midday', 'evening', 'beforebedtime']);

function pickContent(service: Record<string, unknown>): Record<string, unknown> {
  const content = asObject(service.content);
  return asObject(content[LANGUAGE] ?? Object.values(content)[0]);
}

function periodName(code: string): string {
  return PERIODS.has(code) ? t(`history:periods.${code}`) : code;
}

export function describeRegimen(regimen: unknown): string {
  const parts = asArray(regimen).map((raw) => {
    const r = asObject(raw);
    const q = asObject(r.administratedQuantity);
    const when = asString(asObject(r.dayPeriod).code);
    const qty = [asString(q.quantity), asString(q.unit)].filter(Boolean).join(' ');
    const time =
      typeof r.timeOfDay === 'number'
        ? t('history:value.atTime', {
            time: String(r.timeOfDay)
              .padStart(6, '0')
              .replace(/(\d\d)(\d\d)\d\d/, '$1:$2'),
          })
        : '';
    return [qty, when ? periodName(when) : time].filter(Boolean).join(' ');
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
  if (c.booleanValue !== undefined) return c.booleanValue === true ? t('history:value.yes') : t('history:value.no');
  if (c.medicationValue !== undefined) {
    const med = asObject(c.medicationValue);
    const name = asString(asObject(med.medicinalProduct).intendedname) || t('history:value.noProduct');
    const regimen = describeRegimen(med.regimen);
    const instructions = asString(med.instructionForPatient);
    return [name, regimen, instructions].filter(Boolean).join(' — ');
  }
  return t('history:value.unknown');
}

export function isClosed(doc: Record<string, unknown>): boolean {
  return doc.closingDate !== undefined || doc.endOfLife !== undefined;
}
