// The merged record as it would be saved (in words: no ids, no technical fields), what is still
// to decide, and Save (disabled, with the reason beside it, until the merge is complete and valid).
import type { MergePlan } from '../../shared/conflicts';
import { useT } from '../i18n';
import { fieldLabel, isTechnicalField, showValue } from './format';
import { pathInWords, type MergeState } from './model';
import { shortName, type VersionNames } from './versions';

export function MergePreviewPane(props: {
  plan: MergePlan;
  names: VersionNames;
  state: MergeState;
  general: string[];
  deleting: boolean;
  saving: boolean;
  message: string | undefined;
  onSave(): void;
  onFocusNode(path: string): void;
}) {
  const { t } = useT('conflicts');
  const { state, plan } = props;
  const body = state.preview?.body;
  const open = state.preview?.unresolved ?? [];
  const fields = body ? Object.entries(body).filter(([k]) => !isTechnicalField(k)) : [];
  const changed = new Set(plan.fields.map((f) => f.label));
  const shown = shortName(props.names, plan.winnerRev);
  return (
    <section className="merge-preview card" aria-labelledby="merge-preview-title">
      <h3 id="merge-preview-title">{t('preview.title')}</h3>
      {props.deleting ? (
        <p>
          <strong>{t('preview.deleted')}</strong> {t('preview.deletedKept')}
        </p>
      ) : (
        <dl className="facts merge-preview-fields" aria-label={t('preview.label')}>
          {fields.map(([k, v]) => (
            <div key={k} className={changed.has(k) ? 'merged-changed' : undefined} style={{ display: 'contents' }}>
              <dt>{fieldLabel(k)}</dt>
              <dd>
                {showValue(v, k)}
                {open.some((p) => p === k || p.startsWith(`${k}.`) || p.startsWith(`${k}[`)) && (
                  <span className="badge badge-conflict merge-to-choose">
                    {t('preview.notChosen', { version: shown })}
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {open.length > 0 && (
        <div className="merge-open">
          <p>
            <strong>{t('preview.stillToChoose')}</strong>
          </p>
          <ul>
            {open.map((p) => (
              <li key={p}>
                <button type="button" className="link" onClick={() => props.onFocusNode(p)}>
                  {pathInWords(plan, p)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.general.length > 0 && (
        <ul className="field-error" aria-label={t('preview.problems')}>
          {props.general.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          onClick={props.onSave}
          disabled={state.blocker !== undefined || props.saving}
          aria-describedby="merge-save-why"
        >
          {props.saving ? t('preview.saving') : props.deleting ? t('preview.delete') : t('preview.save')}
        </button>
      </div>
      <p id="merge-save-why" className="merge-save-why" aria-live="polite">
        {state.blocker ?? (props.saving ? t('preview.savingMerge') : t('preview.ready'))}
      </p>
      {props.message && (
        <p className="form-message" role="alert">
          {props.message}
        </p>
      )}
    </section>
  );
}
