// What a record is, in a few words, for the conflicts inbox and the history.
import { formatFuzzyDate, formatFuzzyDateTime } from '../../../shared/dates';

export function describeRecord(doc: Record<string, unknown> | undefined): string {
  if (!doc) return 'record';
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (doc.type) {
    case 'patient': {
      const dob = typeof doc.dateOfBirth === 'number' ? ` (born ${formatFuzzyDate(doc.dateOfBirth)})` : '';
      return `Patient ${s(doc.lastName).toUpperCase()} ${s(doc.firstName)}${dob}`.trim();
    }
    case 'contact':
      return `Contact of ${typeof doc.openingDate === 'number' ? formatFuzzyDateTime(doc.openingDate) : 'unknown date'}${doc.descr ? ` — ${s(doc.descr)}` : ''}`;
    case 'healthElement':
      return `Health element: ${s(doc.descr) || 'untitled'}`;
    case 'healthcareParty':
      return `Healthcare party ${s(doc.name) || `${s(doc.firstName)} ${s(doc.lastName)}`.trim()}`;
    case 'user':
      return `User ${s(doc.login)}`;
    default:
      return `${s(doc.type) || 'Unknown'} record`;
  }
}
