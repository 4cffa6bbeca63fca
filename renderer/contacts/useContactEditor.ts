// The contact editor's state: the values, the confirmations of unusual values, the draft kept by
// the core, the leave guard and the save.
import { useEffect, useMemo, useRef, useState } from 'react';
import { newId, showFuzzyDateTime } from '../forms/values';
import { useDraft } from '../forms/useDraft';
import { useLeaveGuard } from '../forms/useLeaveGuard';
import { useT } from '../i18n';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { latestHeight } from './bmi';
import {
  contactValuesFrom,
  sameValues,
  type ContactBase,
  type ContactFormValues,
  type MeasureField,
} from './contactForm';
import { measureFieldOf, useContactSave } from './useContactSave';

export function useContactEditor(patientId: string, initial: ContactFormValues, base: ContactBase | undefined) {
  const { t } = useT('contacts');
  const [values, setValues] = useState(initial);
  const [confirmed, setConfirmed] = useState<Set<MeasureField>>(new Set());
  const [contactId] = useState(() => base?.doc._id ?? newId());
  const formRef = useRef<HTMLFormElement>(null);
  const go = useNavigation((s) => s.go);
  const chart = useChart((s) => s.data);
  const patientName =
    chart?.patient.doc._id === patientId
      ? `${String(chart.patient.doc.firstName ?? '')} ${String(chart.patient.doc.lastName ?? '')}`.trim()
      : '';
  const latest = useMemo(() => latestHeight(chart?.contacts ?? [], base?.doc._id), [chart, base]);
  const dirty = !sameValues(values, initial);

  // A correction's draft names the version it was typed on: restored over a newer one, it says so.
  const [staleDraft, setStaleDraft] = useState(false);
  const drafted = useMemo(() => (base ? { ...values, baseRev: base.doc._rev } : values), [values, base]);
  const draft = useDraft<ContactFormValues & { baseRev?: string }>({
    key: base ? `contact:${base.doc._id}` : `contact:new:${patientId}`,
    values: drafted,
    dirty,
    parse: (raw) => {
      const back = contactValuesFrom(raw, initial);
      if (back && base) setStaleDraft((raw as { baseRev?: unknown }).baseRev !== base.doc._rev);
      return back;
    },
    restore: setValues,
  });
  const leaveFreely = useLeaveGuard(dirty, { question: t('leaveQuestion'), onLeave: () => void draft.discard() });
  const toChart = () => go({ kind: 'chart', patientId });
  const s = useContactSave({
    patientId,
    newId: contactId,
    values,
    confirmed,
    initialBase: base,
    onSaved: async () => {
      await draft.discard();
      await useChart.getState().open(patientId);
      leaveFreely(toChart);
    },
  });

  // A refused submit: focus the first field that needs attention (in the order they are shown).
  useEffect(() => {
    if (s.attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [s.attempt]);

  const set = <K extends keyof ContactFormValues>(k: K, v: ContactFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    const m = measureFieldOf(k);
    if (m && confirmed.has(m)) setConfirmed((c) => new Set([...c].filter((f) => f !== m)));
  };
  const onConfirm = (f: MeasureField, on: boolean) =>
    setConfirmed((c) => (on ? new Set([...c, f]) : new Set([...c].filter((x) => x !== f))));
  const discardDraft = () => {
    void draft.discard();
    setValues(initial);
  };

  const title = base
    ? t('titleEdit', { when: showFuzzyDateTime(base.doc.openingDate) })
    : patientName
      ? t('titleNewFor', { name: patientName })
      : t('titleNew');

  return {
    values,
    set,
    confirmed,
    onConfirm,
    draft,
    staleDraft,
    s,
    dirty,
    toChart,
    discardDraft,
    latest,
    title,
    formRef,
  };
}
