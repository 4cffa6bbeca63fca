// Smaller parts of the contact editor: its keyboard (Enter never saves; Ctrl+Enter and Ctrl+S do;
// Escape leaves, through the leave guard), the restored-draft notice, the draft's state, and the
// form's actions.
import type { KeyboardEvent } from 'react';
import type { Draft } from '../forms/useDraft';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';

export function editorKeys(save: () => void, leave: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'Enter' || e.key.toLowerCase() === 's')) {
      e.preventDefault();
      save();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault(); // a half-filled contact is never saved by Enter
    } else if (e.key === 'Escape') {
      e.preventDefault();
      leave();
    }
  };
}

export function DraftNotice(p: { draft: Draft; shown: boolean; stale: boolean; onDiscard(): void }) {
  const { draft, shown, onDiscard } = p;
  const { t } = useT('contacts');
  if (draft.restoredAt === undefined || !shown) return null;
  return (
    <div className="notice" role="status">
      {t('draftRestored', { when: formatDateTime(new Date(draft.restoredAt)) })} {p.stale && t('draftStale')}{' '}
      <button type="button" className="secondary small" onClick={onDiscard}>
        {t('discardDraft')}
      </button>
    </div>
  );
}

export function DraftState({ draft }: { draft: Draft }) {
  const { t } = useT('contacts');
  const text = { idle: '', saving: t('draftSaving'), saved: t('draftSaved'), failed: t('draftFailed') }[draft.status];
  return (
    <p className="field-hint" aria-live="polite">
      {text}
    </p>
  );
}

export function EditorActions(p: {
  saving: boolean;
  correcting: boolean;
  canClose: boolean;
  onClose(): void;
  onCancel(): void;
}) {
  const { t } = useT('contacts');
  return (
    <div className="form-actions">
      <button type="submit" disabled={p.saving}>
        {p.saving ? t('saving') : p.correcting ? t('saveCorrection') : t('save')}
      </button>
      {p.canClose && (
        <button type="button" className="secondary" disabled={p.saving} onClick={p.onClose}>
          {t('saveAndClose')}
        </button>
      )}
      <button type="button" className="secondary" onClick={p.onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
