// Left pane: search box and the virtualized patient list (listbox, arrow keys + Enter to open).
// The highlighted row follows the open chart; rows show age and gender to tell namesakes apart.
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { ageOn, dayMonthYear } from '../../shared/clinical/summary';
import { isSampleId } from '../../shared/records/samples';
import type { PatientSummary } from '../../shared/contract/contract';
import { ageText, genderText } from '../chart/summary/format';
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { openPatientId, useNavigation } from '../stores/navigation';
import { usePatients } from '../stores/patients';
import { SamplesOffer } from './SamplesOffer';
import './patient-list.css';

const ROW_HEIGHT = 52;

function optionId(index: number) {
  return `patient-option-${index}`;
}

export function PatientList() {
  const { t } = useT('chart');
  const { input, total, error, active, query, answered } = usePatients();
  const setInput = usePatients((s) => s.setInput);
  const setActive = usePatients((s) => s.setActive);
  const follow = usePatients((s) => s.follow);
  const ensureRange = usePatients((s) => s.ensureRange);
  usePatients((s) => s.pages); // re-render when pages arrive
  usePatients((s) => s.stale);
  const itemAt = usePatients((s) => s.itemAt);
  const go = useNavigation((s) => s.go);
  const view = useNavigation((s) => s.view);
  const openId = openPatientId(view);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [first, last, count, ensureRange]);

  useFollowOpenChart(virtualizer, openId, answered);

  // Then the highlight is on whichever chart is open: this one, or the one kept by a form that
  // asked before leaving.
  const open = (index: number) => {
    const p = itemAt(index);
    if (p) go({ kind: 'chart', patientId: p.id });
    follow(openPatientId(useNavigation.getState().view));
  };

  const move = (index: number) => {
    if (count === 0) return;
    const i = Math.max(0, Math.min(index, count - 1));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onListKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 500) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => open(active),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && count > 0) {
      e.preventDefault();
      listRef.current?.focus();
      move(0);
    } else if (e.key === 'Enter' && count > 0) {
      e.preventDefault();
      open(Math.max(active, 0));
    }
  };

  const activeItem = count > 0 ? itemAt(active) : undefined;
  const loadingFirst = total === undefined;
  const searching = answered !== undefined && answered !== query;
  const emptyDatabase = total === 0 && query === '' && !searching;
  const countText = answered
    ? t('list.countMatching', { count, n: formatNumber(count, 0), query: answered })
    : t('list.count', { count, n: formatNumber(count, 0) });

  return (
    <section className="patient-pane" aria-label={t('list.pane')}>
      <SearchTools input={input} onInput={setInput} onKeyDown={onSearchKey} onNew={() => go({ kind: 'newPatient' })} />
      <p id="patient-count" className="list-count" aria-live="polite">
        {loadingFirst ? t('list.searching') : countText}
        {searching && <span className="list-searching"> · {t('list.searchingShort')}</span>}
      </p>
      {error && (
        <p className="form-message" role="alert">
          {t('list.loadFailed', { error })}
        </p>
      )}
      {emptyDatabase ? (
        <SamplesOffer />
      ) : (
        <div className="patient-scroll" ref={scrollRef}>
          <div
            id="patient-listbox"
            ref={listRef}
            role="listbox"
            aria-label={t('list.label')}
            aria-busy={searching || undefined}
            tabIndex={0}
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget)) follow(openId);
            }}
            aria-activedescendant={activeItem ? optionId(active) : undefined}
            onKeyDown={onListKey}
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {rows.map((row) => {
              const p = itemAt(row.index);
              return (
                <div
                  key={row.key}
                  id={optionId(row.index)}
                  role="option"
                  aria-selected={row.index === active}
                  aria-setsize={count}
                  aria-posinset={row.index + 1}
                  className={`patient-row${row.index === active ? ' active' : ''}${p && p.id === openId ? ' open' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: row.size,
                    transform: `translateY(${row.start}px)`,
                  }}
                  onClick={() => open(row.index)}
                >
                  {p ? <PatientRow p={p} /> : <span className="muted">{t('list.loading')}</span>}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * The highlight follows the open chart however it was opened (a click, a save, a link), and a
 * new answer starts at its top, or at the open patient's row when it is in it.
 */
function useFollowOpenChart(
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  openId: string | undefined,
  answered: string | undefined,
) {
  const follow = usePatients((s) => s.follow);
  useEffect(() => {
    const i = follow(openId);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [openId]);
  useEffect(() => {
    if (answered === undefined) return;
    const i = usePatients.getState().active;
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
    else virtualizer.scrollToOffset(0);
  }, [answered]);
}

function SearchTools(p: {
  input: string;
  onInput(text: string): void;
  onKeyDown(e: KeyboardEvent): void;
  onNew(): void;
}) {
  const { t } = useT('chart');
  // The box spans the pane (the button sits beside the label) so the placeholder shows in full.
  return (
    <div className="patient-tools patient-tools-stacked">
      <div className="search">
        <div className="search-head">
          <label htmlFor="patient-search">{t('list.search')}</label>
          <button type="button" className="small" onClick={p.onNew}>
            {t('list.newPatient')}
          </button>
        </div>
        <input
          id="patient-search"
          type="search"
          value={p.input}
          placeholder={t('list.placeholder')}
          autoComplete="off"
          aria-controls="patient-listbox"
          aria-describedby="patient-count"
          onChange={(e) => p.onInput(e.target.value)}
          onKeyDown={p.onKeyDown}
        />
      </div>
    </div>
  );
}

function PatientRow({ p }: { p: PatientSummary }) {
  const { t } = useT('chart');
  const age = ageOn(p.dateOfBirth, new Date());
  const meta = [
    genderText(t, p.gender),
    age ? ageText(t, age) : '',
    p.dateOfBirth !== undefined ? t('list.born', { date: dayMonthYear(p.dateOfBirth) }) : t('list.noBirthDate'),
    p.ssin ? t('list.ssin', { ssin: p.ssin }) : '',
  ].filter(Boolean);
  return (
    <>
      <span className="patient-name">
        {p.lastName.toUpperCase()}, {p.firstName}
        {!p.active && <span className="tag"> {t('list.fileClosed')}</span>}
        {isSampleId(p.id) && <span className="tag tag-sample"> {t('list.sample')}</span>}
      </span>
      <span className="patient-meta">
        {meta.join(' · ')}
        {p.invalid && (
          <span className="warn-inline">
            <span aria-hidden="true"> ⚠</span> {t('list.problems')}
          </span>
        )}
      </span>
    </>
  );
}
