// The contact editor's field groups: measurements (with "this value is right" for an unusual one,
// and the BMI computed), and the medication with its regimen.
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { showFuzzyDate } from '../forms/values';
import { CheckField, TextField } from '../ui/fields';
import { shownBmi, type LatestHeight } from './bmi';
import type { FieldIssue, FieldIssues } from './contactBuild';
import { DAY_PERIODS, type ContactFormValues, type MeasureField } from './contactForm';

export type FieldsProps = {
  values: ContactFormValues;
  errors: FieldIssues;
  disabled: boolean;
  set<K extends keyof ContactFormValues>(k: K, v: ContactFormValues[K]): void;
};

export function useIssueText(): (issue: FieldIssue | undefined) => string | undefined {
  const { t } = useT('contacts');
  return (issue) => (issue ? t(issue.key, issue.values ?? {}) : undefined);
}

const MEASURE_INPUTS: { field: MeasureField; mode: 'numeric' | 'decimal' | 'text' }[] = [
  { field: 'bloodPressure', mode: 'text' },
  { field: 'heartRate', mode: 'numeric' },
  { field: 'spo2', mode: 'numeric' },
  { field: 'temperature', mode: 'decimal' },
  { field: 'weight', mode: 'decimal' },
  { field: 'height', mode: 'decimal' },
];

export function MeasureFields(
  p: FieldsProps & {
    latest: LatestHeight | undefined;
    confirmed: Set<MeasureField>;
    onConfirm(f: MeasureField, on: boolean): void;
  },
) {
  const { t } = useT('contacts');
  const text = useIssueText();
  const label = (f: MeasureField) => t(f);
  return (
    <div className="grid4 measures">
      {MEASURE_INPUTS.map(({ field, mode }) => (
        <div key={field} className="measure">
          <TextField
            label={label(field)}
            hint={field === 'bloodPressure' ? t('bloodPressureHint') : undefined}
            inputMode={mode}
            value={p.values[field]}
            error={text(p.errors[field])}
            disabled={p.disabled}
            onChange={(v) => p.set(field, v)}
          />
          {(p.errors[field]?.confirm || p.confirmed.has(field)) && (
            <CheckField
              label={t('confirmValue', { field: t(`names.${field}`) })}
              checked={p.confirmed.has(field)}
              disabled={p.disabled}
              onChange={(on) => p.onConfirm(field, on)}
            />
          )}
        </div>
      ))}
      <BmiOutput weight={p.values.weight} height={p.values.height} latest={p.latest} />
    </div>
  );
}

function BmiOutput({ weight, height, latest }: { weight: string; height: string; latest: LatestHeight | undefined }) {
  const { t } = useT('contacts');
  const shown = shownBmi(weight, height, latest);
  return (
    <div className="field bmi">
      <span className="label" id="bmi-label">
        {t('bmi')}
      </span>
      <output aria-labelledby="bmi-label" aria-describedby="bmi-source">
        {shown.kind === 'none' ? '—' : t('bmiValue', { value: formatNumber(shown.value, 1) })}
      </output>
      <p className="field-hint" id="bmi-source">
        {shown.kind === 'none'
          ? t('bmiNone')
          : shown.kind === 'this'
            ? t('bmiThisHeight')
            : t('bmiLatestHeight', {
                height: formatNumber(shown.height.cm, 1),
                date: showFuzzyDate(Math.floor(shown.height.valueDate / 1_000_000)) || '?',
              })}
      </p>
    </div>
  );
}

export function MedicationFields(p: FieldsProps) {
  const { t } = useT('contacts');
  const text = useIssueText();
  return (
    <>
      <div className="grid2">
        <TextField
          label={t('medication')}
          placeholder={t('medicationPlaceholder')}
          value={p.values.medication}
          error={text(p.errors.medication)}
          disabled={p.disabled}
          onChange={(v) => p.set('medication', v)}
        />
        <TextField
          label={t('instructions')}
          value={p.values.instructions}
          error={text(p.errors.instructions)}
          disabled={p.disabled}
          onChange={(v) => p.set('instructions', v)}
        />
      </div>
      <div className="regimen">
        <TextField
          label={t('quantity')}
          inputMode="decimal"
          className="narrow"
          value={p.values.quantity}
          error={text(p.errors.quantity)}
          disabled={p.disabled}
          onChange={(v) => p.set('quantity', v)}
        />
        <TextField
          label={t('unit')}
          className="narrow"
          value={p.values.quantityUnit}
          error={text(p.errors.quantityUnit)}
          disabled={p.disabled}
          onChange={(v) => p.set('quantityUnit', v)}
        />
        <div role="group" aria-label={t('whenToTake')} className="periods">
          {DAY_PERIODS.map((code) => (
            <CheckField
              key={code}
              label={t(`periods.${code}`)}
              checked={p.values.periods[code]}
              disabled={p.disabled}
              onChange={(c) => p.set('periods', { ...p.values.periods, [code]: c })}
            />
          ))}
        </div>
      </div>
    </>
  );
}
