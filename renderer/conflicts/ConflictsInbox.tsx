// The conflicts inbox: every conflicted record, its versions (who, which workstation, when,
// deleted or not). A listbox: arrow keys move, Enter or a click opens the merge screen.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { InboxEntry } from '../../shared/contract/contract';
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { useT } from '../i18n';
import { entryTitle } from './title';
import { useViewer } from './useViewer';
import { nameVersions, type Viewer } from './versions';
import './conflicts.css';

const optionId = (i: number) => `conflict-option-${i}`;

export function ConflictsInbox() {
  const { t } = useT('conflicts');
  const viewer = useViewer();
  const { items, count, loading, error, refresh } = useConflicts();
  const go = useNavigation((s) => s.go);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void refresh();
    titleRef.current?.focus();
  }, [refresh]);
  // The list shrinks as conflicts are resolved: keep the active row inside it.
  useEffect(() => {
    if (active >= items.length && items.length > 0) setActive(items.length - 1);
  }, [items.length, active]);

  const open = (e: InboxEntry | undefined) => {
    if (e) go(e.patientId ? { kind: 'merge', id: e.id, patientId: e.patientId } : { kind: 'merge', id: e.id });
  };
  const move = (i: number) => {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(i, items.length - 1));
    setActive(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => open(items[active]),
      ' ': () => open(items[active]),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <section className="conflicts-inbox" aria-labelledby="inbox-title">
      <header className="chart-header">
        <div>
          <h2 id="inbox-title" tabIndex={-1} ref={titleRef}>
            {t('inbox.title')}
          </h2>
          <p id="inbox-count" className="muted" aria-live="polite">
            {count === undefined ? t('inbox.looking') : count === 0 ? t('inbox.none') : t('inbox.count', { count })}
          </p>
        </div>
        <div className="chart-actions">
          <button type="button" className="secondary" onClick={() => void refresh()} disabled={loading}>
            {t('inbox.refresh')}
          </button>
        </div>
      </header>
      {error && (
        <p className="form-message" role="alert">
          {t('inbox.error', { error })}
        </p>
      )}
      {items.length > 0 && (
        <>
          <p className="field-hint">{t('inbox.keys')}</p>
          <ul
            ref={listRef}
            role="listbox"
            aria-label={t('inbox.listLabel')}
            aria-describedby="inbox-count"
            tabIndex={0}
            aria-activedescendant={items[active] ? optionId(active) : undefined}
            onKeyDown={onKey}
            className="inbox-list"
          >
            {items.map((e, i) => (
              <li
                key={e.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                aria-describedby={`${optionId(i)}-versions`}
                className={`inbox-row${i === active ? ' active' : ''}`}
                onClick={() => {
                  setActive(i);
                  open(e);
                }}
              >
                <div className="inbox-title" id={`${optionId(i)}-title`}>
                  <strong>{entryTitle(e)}</strong>{' '}
                  <span className="badge badge-conflict">{t('inbox.versions', { count: e.branches.length })}</span>
                </div>
                <Branches entry={e} viewer={viewer} id={`${optionId(i)}-versions`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Each version of an entry: whose, where, when; which one is shown until the merge. */
function Branches({ entry, viewer, id }: { entry: InboxEntry; viewer: Viewer; id: string }) {
  const { t } = useT('conflicts');
  const names = nameVersions(entry.branches, viewer);
  return (
    <ul className="inbox-branches" id={id}>
      {entry.branches.map((b) => (
        <li key={b.rev}>
          <span className="tag">{names.get(b.rev)?.short}</span> {names.get(b.rev)?.detail}
          {b.winner && <span className="muted"> · {t('inbox.shownUntilMerged')}</span>}
          {b.deleted && <strong className="deleted"> · {t('inbox.deleted')}</strong>}
        </li>
      ))}
    </ul>
  );
}
