// The merged record as it would be saved, what is still to decide, and Save (disabled, with the
// reason beside it, until the merge is complete and valid).
import { isStampField, type MergePlan } from '../../shared/conflicts';
import { fieldLabel, showValue } from './format';
import { pathInWords, type MergeState } from './model';

export function MergePreviewPane(props: {
  plan: MergePlan;
  state: MergeState;
  general: string[];
  deleting: boolean;
  saving: boolean;
  message: string | undefined;
  onSave(): void;
  onFocusNode(path: string): void;
}) {
  const { state, plan } = props;
  const body = state.preview?.body;
  const open = state.preview?.unresolved ?? [];
  const fields = body
    ? Object.entries(body).filter(([k]) => !k.startsWith('_') && !isStampField(k) && k !== 'type')
    : [];
  const changed = new Set(plan.fields.map((f) => f.label));
  return (
    <section className="merge-preview card" aria-labelledby="merge-preview-title">
      <h3 id="merge-preview-title">Merged record</h3>
      {props.deleting ? (
        <p>
          <strong>The record will be deleted.</strong> Every version is kept in its history.
        </p>
      ) : (
        <dl className="facts merge-preview-fields" aria-label="Merged record preview">
          {fields.map(([k, v]) => (
            <div key={k} className={changed.has(k) ? 'merged-changed' : undefined} style={{ display: 'contents' }}>
              <dt>{fieldLabel(k)}</dt>
              <dd>
                {showValue(v, k)}
                {open.some((p) => p === k || p.startsWith(`${k}.`) || p.startsWith(`${k}[`)) && (
                  <span className="badge badge-conflict merge-to-choose">not chosen yet: shows mine</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {open.length > 0 && (
        <div className="merge-open">
          <p>
            <strong>Still to choose:</strong>
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
        <ul className="field-error" aria-label="Problems with the merged record">
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
          {props.saving ? 'Saving…' : props.deleting ? 'Delete the record' : 'Save merged record'}
        </button>
      </div>
      <p id="merge-save-why" className="merge-save-why" aria-live="polite">
        {state.blocker ??
          (props.saving ? 'Saving the merge…' : 'Ready to save: every choice is made and the merged record is valid.')}
      </p>
      {props.message && (
        <p className="form-message" role="alert">
          {props.message}
        </p>
      )}
    </section>
  );
}
