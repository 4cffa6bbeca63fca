// The summary's values as the clinician reads them: numbers per locale, dates day/month/year,
// blood pressure as one reading "128/82 mmHg".
import { GENDERS } from '../../../shared/records/schemas';
import type { TFunction } from 'i18next';
import type { Age, BloodPressurePoint, MeasurePoint } from '../../../shared/clinical/summary';
import { dayMonthYear } from '../../../shared/clinical/summary';
import { formatNumber } from '../../i18n/format';

export function bloodPressureText(p: Pick<BloodPressurePoint, 'systolic' | 'diastolic' | 'unit'>): string {
  return `${formatNumber(p.systolic, 0)}/${formatNumber(p.diastolic, 0)} ${p.unit}`;
}

export function measureText(p: Pick<MeasurePoint, 'value' | 'unit'>, digits = 1): string {
  return `${formatNumber(p.value, digits)} ${p.unit}`;
}

/** "46 years", "3 months"; "about 52 years" when the date of birth is partly unknown. */
export function ageText(t: TFunction, age: Age): string {
  const text =
    age.years >= 2
      ? t('chart:summary.ageYears', { count: age.years })
      : t('chart:summary.ageMonths', { count: age.months });
  return age.approximate ? t('chart:summary.ageAbout', { age: text }) : text;
}

/** A fuzzy date shown day/month/year (a date-time's time left out). */
export function dateText(v: unknown): string {
  return dayMonthYear(v);
}

/** A date for a plot's axis, from epoch ms: 02/12/26. */
export function shortDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${String(d.getFullYear()).slice(2)}`;
}

export function genderText(t: TFunction, gender: unknown): string {
  const g = GENDERS.find((k) => k === gender);
  return g ? t(`chart:gender.${g}`) : typeof gender === 'string' && gender ? gender : t('chart:gender.unknown');
}

const PERIODS = ['morning', 'midday', 'evening', 'beforebedtime'] as const;

/** A regimen as "1 tablet morning, 1 tablet evening", the day periods translated. */
export function regimenText(t: TFunction, regimen: readonly unknown[]): string {
  return regimen
    .map((raw) => {
      const r = (raw ?? {}) as {
        dayPeriod?: { code?: unknown };
        administratedQuantity?: { quantity?: unknown; unit?: unknown };
      };
      const q = r.administratedQuantity;
      const qty = [
        typeof q?.quantity === 'number' ? formatNumber(q.quantity, 2) : '',
        typeof q?.unit === 'string' ? q.unit : '',
      ]
        .filter(Boolean)
        .join(' ');
      const code = r.dayPeriod?.code;
      const period = PERIODS.find((p) => p === code);
      return [qty, period ? t(`chart:summary.period.${period}`) : typeof code === 'string' ? code : '']
        .filter(Boolean)
        .join(' ');
    })
    .filter(Boolean)
    .join(', ');
}
