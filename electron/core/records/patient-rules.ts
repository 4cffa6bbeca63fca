// The core's rules for a patient save, beside the schema (shared/clinical/patient-rules.ts, the
// same the form applies): a refusal names every field at once, the schema's messages included.
import { CallError } from '../../../shared/contract/errors';
import { patientIssueMessages, patientIssues } from '../../../shared/clinical/patient-rules';
import { todayFuzzyDate } from '../../../shared/dates';
import { Drafts, fieldErrors } from '../../../shared/records/schemas';

type Obj = Record<string, unknown>;

/** Throws CallError('validation') when the patient breaks a rule; `stored`: the version edited. */
export function refusePatientIssues(body: Obj, stored: Obj | undefined, now: number): void {
  const issues = patientIssues(body, todayFuzzyDate(new Date(now)), stored);
  if (issues.length === 0) return;
  // The draft's schema: the stamps are not written yet.
  const parsed = Drafts.patient.safeParse(body);
  const fields = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...patientIssueMessages(issues) };
  throw new CallError('validation', 'the patient was not saved: some fields need attention', fields);
}
