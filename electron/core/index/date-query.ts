// A search typed as a date of birth: ISO (1987, 1987-07, 1987-07-19) or Belgian day/month/year
// (19/07/1987, 19.07.1987, 19-07-1987, 07/1987, 19071987). Answers the days it covers.
import { readTypedDate } from '../../../shared/dates';

export type DateRange = { from: number; span: number };

// Only what looks like a date is read as one: "2024" is a year, 5 to 11 bare digits an SSIN
// (except the 8-digit day-month-year, which is read as both).
const DATE_SHAPE = /^(\d{4}(-\d{1,2}(-\d{1,2})?)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[/.]\d{4}|\d{8})$/;

export function dateQuery(q: string): DateRange | undefined {
  if (!DATE_SHAPE.test(q)) return undefined;
  const r = readTypedDate(q);
  if (!r.ok) return undefined;
  const m = Math.floor(r.value / 100) % 100;
  const d = r.value % 100;
  // 1987 → the whole year; 07/1987 → the month; a full date → that day.
  return { from: r.value, span: m === 0 ? 10000 : d === 0 ? 100 : 1 };
}
