// The status bar's words for a pull with an estimate: "Downloading the practice: 12,000 of 54,000 —
// about 40 s left". Rounded so the bar does not flicker: 5 s steps under a minute, then minutes.
import type { PullProgress } from '../../shared/sync/status';
import { fixedT } from '../i18n';
import { count } from '../sync/format';

const t = fixedT('status');

/** "about 40 s left", "about 3 min left", "about 1 h 20 min left". */
export function leftText(ms: number): string {
  const s = Math.max(5, Math.ceil(ms / 5_000) * 5);
  if (s < 60) return t('left.seconds', { n: s });
  const min = Math.round(s / 60);
  if (min < 60) return t('left.minutes', { n: min });
  return t('left.hours', { h: Math.floor(min / 60), m: min % 60 });
}

/** With a total and an estimate, the download in words; otherwise undefined (the plain count is said). */
export function downloadText(p: PullProgress | null): string | undefined {
  if (!p || p.total === null || p.etaMs === undefined || p.etaMs === null) return undefined;
  return t('downloading', { done: count(p.done), total: count(Math.max(p.total, p.done)), left: leftText(p.etaMs) });
}
