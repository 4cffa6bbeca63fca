// The patient form's draft and leave guard: what is typed is kept by the core (a reload or a
// crash brings it back), and leaving with changes asks first (renderer/forms/useDraft.ts,
// useLeaveGuard.ts, shared by the editors).
import { useState } from 'react';
import type { JsonObject } from '../../shared/conflicts/json';
import { useDraft, type Draft } from '../forms/useDraft';
import { useLeaveGuard } from '../forms/useLeaveGuard';
import { patientValuesFrom, type PatientFormValues } from './patientForm';

export function usePatientDraft(o: {
  key: string;
  initial: PatientFormValues;
  values: PatientFormValues;
  setValues(values: PatientFormValues): void;
  question: string;
}): { draft: Draft; dirty: boolean; leaveFreely(then: () => void): void } {
  const [initialJson] = useState(() => JSON.stringify(o.initial));
  const dirty = JSON.stringify(o.values) !== initialJson;
  const draft = useDraft<JsonObject>({
    key: o.key,
    values: o.values as unknown as JsonObject,
    dirty,
    parse: (raw) => patientValuesFrom(raw) as unknown as JsonObject | undefined,
    restore: (v) => o.setValues(v as unknown as PatientFormValues),
  });
  const leaveFreely = useLeaveGuard(dirty, { question: o.question, onLeave: () => void draft.discard() });
  return { draft, dirty, leaveFreely };
}
