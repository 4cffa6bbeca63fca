// A conflicted record's title in the user's language ("Patient DUPONT Jean (born 12/04/1980)"),
// from the naming fields the core sends with each inbox entry; the core's English title otherwise.
import { FuzzyDate, FuzzyDateTime } from '../../shared/dates';
import { showFuzzyDate, showValue } from './format';
import { t } from './tr';

type Titled = { type: string; title: string; about?: Record<string, string | number> | undefined };

export function entryTitle(e: Titled): string {
  const a = e.about;
  if (!a) return e.title;
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  switch (e.type) {
    case 'patient': {
      const name = t('conflicts:titles.patient', { name: `${s('lastName').toUpperCase()} ${s('firstName')}`.trim() });
      const dob = a.dateOfBirth;
      return typeof dob === 'number' && FuzzyDate.safeParse(dob).success
        ? t('conflicts:titles.born', { title: name, date: showFuzzyDate(dob) })
        : name;
    }
    case 'contact': {
      const when = a.openingDate;
      const date =
        typeof when === 'number' && FuzzyDateTime.safeParse(when).success
          ? showValue(when, 'openingDate')
          : t('conflicts:titles.unknownDate');
      const title = t('conflicts:titles.contact', { date });
      return s('descr') ? `${title} — ${s('descr')}` : title;
    }
    case 'healthElement':
      return t('conflicts:titles.healthElement', { descr: s('descr') || t('conflicts:titles.untitled') });
    case 'healthcareParty':
      return t('conflicts:titles.healthcareParty', {
        name: s('name') || `${s('firstName')} ${s('lastName')}`.trim(),
      });
    case 'user':
      return t('conflicts:titles.user', { login: s('login') });
    default:
      return e.title;
  }
}
