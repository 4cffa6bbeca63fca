// A field's problem as the patient form shows it: the form's own codes, and the core's English
// messages for the same rules mapped back to them, so either reads in the user's language.
import type { TFunction } from 'i18next';
import { PATIENT_RULE_MESSAGES } from '../../shared/clinical/patient-rules';
import type { PatientWarning } from '../../shared/clinical/patient-rules';
import { formatFuzzyDateDmy } from '../../shared/dates';

export const ERROR_CODES = [
  'firstNameMissing',
  'lastNameMissing',
  'dateFormat',
  'dateImpossible',
  'dateRange',
  'telecomMissing',
  'duplicate',
  ...(Object.keys(PATIENT_RULE_MESSAGES) as Array<keyof typeof PATIENT_RULE_MESSAGES>),
] as const;
export type PatientErrorCode = (typeof ERROR_CODES)[number];

// The core's words (schema and rules) for the codes above.
const FROM_CORE: Record<string, PatientErrorCode> = {
  'enter a first name': 'firstNameMissing',
  'enter a last name': 'lastNameMissing',
  'enter a number or address': 'telecomMissing',
  'another patient already has this national number': 'duplicate',
};
for (const [code, message] of Object.entries(PATIENT_RULE_MESSAGES)) FROM_CORE[message] = code as PatientErrorCode;

const isCode = (v: string): v is PatientErrorCode => (ERROR_CODES as readonly string[]).includes(v);

type T = TFunction;

/** A code or a message from the core → what the field shows. */
export function showProblem(t: T, problem: string | undefined): string | undefined {
  if (problem === undefined) return undefined;
  const code = isCode(problem) ? problem : FROM_CORE[problem];
  return code ? t(`patients:errors.${code}`) : problem;
}

export function showWarning(t: T, w: PatientWarning): string {
  return w.code === 'ssinDob'
    ? t('patients:warnings.ssinDob', { date: formatFuzzyDateDmy(w.date) })
    : t('patients:warnings.ssinGender', {
        sex: t(w.sex === 'male' ? 'patients:warnings.man' : 'patients:warnings.woman'),
      });
}
