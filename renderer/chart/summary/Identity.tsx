// Who this chart is about, in one line under the name: age, gender, date of birth, SSIN.
import { ageOn } from '../../../shared/clinical/summary';
import { asString } from '../../forms/values';
import { useT } from '../../i18n';
import { ageText, dateText, genderText } from './format';

export function Identity({ patient, today }: { patient: Record<string, unknown>; today: Date }) {
  const { t } = useT('chart');
  const age = ageOn(patient.dateOfBirth, today);
  const born = dateText(patient.dateOfBirth);
  const ssin = asString(patient.ssin);
  const parts: { key: string; label: string; value: string }[] = [
    { key: 'age', label: t('identity.age'), value: age ? ageText(t, age) : t('identity.unknown') },
    {
      key: 'gender',
      label: t('identity.gender'),
      value:
        patient.gender === undefined || patient.gender === 'unknown'
          ? t('identity.unknown')
          : genderText(t, patient.gender),
    },
    { key: 'born', label: t('identity.born'), value: born || t('identity.unknown') },
    { key: 'ssin', label: t('identity.ssin'), value: ssin || t('identity.none') },
  ];
  return (
    <div className="identity" role="group" aria-label={t('identity.label')}>
      {parts.map((p) => (
        <span key={p.key} className={`identity-part identity-${p.key}`}>
          <span className="identity-label">{p.label}</span> <span className="identity-value">{p.value}</span>
        </span>
      ))}
    </div>
  );
}
