// The clinical summary of the open chart, derived from what the chart already holds (the
// derivations are pure, in shared/clinical/summary.ts).
import { useMemo } from 'react';
import { activeProblems, allergyStatus, lastVitals, medications, trendSeries } from '../../../shared/clinical/summary';
import type { ChartData } from '../../stores/chart';
import { Overview } from './Overview';
import { Trends } from './Trends';
import './summary.css';

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
      trends={<Trends trends={summary.trends} />}
    />
  );
}
