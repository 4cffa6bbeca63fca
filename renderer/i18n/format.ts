// Numbers and dates in the user's locale (Belgian French/Dutch, British English: day/month/year).
import { currentLanguage } from './index';
import { localeOf } from './languages';

export function formatNumber(n: number, digits = 1): string {
  return new Intl.NumberFormat(localeOf(currentLanguage()), { maximumFractionDigits: digits }).format(n);
}

/** A calendar date: 31/12/1980 (fr, en) or 31/12/1980 (nl). */
export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);
}

export function formatDateTime(d: Date): string {
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

export function formatTime(d: Date): string {
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), { hour: '2-digit', minute: '2-digit' }).format(d);
}
