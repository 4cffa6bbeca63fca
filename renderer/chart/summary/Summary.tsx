// The clinical summary of the open chart, derived from what the chart already holds (the
// derivations are pure, in shared/clinical/summary.ts).
import { lazy, Suspense, useMemo } from 'react';
import { activeProblems, allergyStatus, lastVitals, medications, trendSeries } from '../../../shared/clinical/summary';
import type { ChartData } from '../../stores/chart';
import { Overview } from './Overview';
import { useT } from '../../i18n';
import './summary.css';

// The plots' library (recharts) is most of the renderer's code and no screen before a chart needs
// it: loaded on its own, fetched once the page is idle so a first chart does not wait for it.
const loadTrends = () => import('./Trends');
const Trends = lazy(() => loadTrends().then((m) => ({ default: m.Trends })));
if (typeof window !== 'undefined')
  window.addEventListener('load', () => setTimeout(() => void loadTrends().catch(() => undefined), 1_000), {
    once: true,
  });

function TrendsLoading() {
  const { t } = useT('chart');
  return (
    <section className="trends" aria-busy="true" aria-labelledby="trends-title">
      <h4 id="trends-title">{t('trends.title')}</h4>
    </section>
  );
}

export type SummaryData = ReturnType<typeof deriveSummary>;

export function deriveSummary(data: ChartData, now: Date) {
  const contacts = data.contacts.map((v) => v.doc);
  const hes = data.healthElements.map((v) => v.doc);
  return {
    allergies: allergyStatus(hes),
    problems: activeProblems(hes),
    meds: medications(contacts, now),
    vitals: lastVitals(contacts),
    trends: trendSeries(contacts),
  };
}

export function useSummary(data: ChartData): SummaryData {
  return useMemo(() => deriveSummary(data, new Date()), [data]);
}

export function ClinicalSummary({ summary }: { summary: SummaryData }) {
  return (
    <Overview
      problems={summary.problems}
      meds={summary.meds}
      vitals={summary.vitals}
      trends={
        <Suspense fallback={<TrendsLoading />}>
          <Trends trends={summary.trends} />
        </Suspense>
      }
    />
  );
}
