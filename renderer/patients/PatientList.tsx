// Left pane: search box and the virtualized patient list (listbox, arrow keys + Enter to open).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PatientSummary } from '../../shared/contract/contract';
import { formatFuzzyDate } from '../../shared/dates';
import { useNavigation } from '../stores/navigation';
import { usePatients } from '../stores/patients';
import { SamplesOffer } from './SamplesOffer';

const ROW_HEIGHT = 52;

function optionId(index: number) {
  return `patient-option-${index}`;
}

export function PatientList() {
  const { input, total, error, active, query } = usePatients();
  const setInput = usePatients((s) => s.setInput);
  const setActive = usePatients((s) => s.setActive);
  const ensureRange = usePatients((s) => s.ensureRange);
  usePatients((s) => s.pages); // re-render when pages arrive
  usePatients((s) => s.stale);
  const itemAt = usePatients((s) => s.itemAt);
  const go = useNavigation((s) => s.go);
  const view = useNavigation((s) => s.view);
  const openId = view.kind === 'chart' || view.kind === 'editPatient' || view.kind === 'newContact' ? view.patientId : undefined;
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

  const open = (index: number) => {
    const p = itemAt(index);
    if (p) go({ kind: 'chart', patientId: p.id });
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
      open(active);
    }
  };

  const activeItem = count > 0 ? itemAt(active) : undefined;
  const loadingFirst = total === undefined;
  const emptyDatabase = total === 0 && query === '';

  return (
    <section className="patient-pane" aria-label="Patients">
      <div className="patient-tools">
        <div className="search">
          <label htmlFor="patient-search">Search patients</label>
          <input
            id="patient-search"
            type="search"
            value={input}
            placeholder="Name, SSIN or 1974-03-21"
            autoComplete="off"
            aria-controls="patient-listbox"
            aria-describedby="patient-count"
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={onSearchKey}
          />
        </div>
        <button type="button" onClick={() => go({ kind: 'newPatient' })}>
          New patient
        </button>
      </div>
      <p id="patient-count" className="list-count" aria-live="polite">
        {loadingFirst ? 'Searching…' : `${count.toLocaleString('en')} ${count === 1 ? 'patient' : 'patients'}${query ? ` matching “${query}”` : ''}`}
      </p>
      {error && (
        <p className="form-message" role="alert">
          Could not load patients: {error}
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
            aria-label="Patient list"
            tabIndex={0}
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
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
                  onClick={() => {
                    setActive(row.index);
                    open(row.index);
                  }}
                >
                  {p ? <PatientRow p={p} /> : <span className="muted">Loading…</span>}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}

function PatientRow({ p }: { p: PatientSummary }) {
  return (
    <>
      <span className="patient-name">
        {p.lastName.toUpperCase()}, {p.firstName}
        {!p.active && <span className="tag"> file closed</span>}
      </span>
      <span className="patient-meta">
        {p.dateOfBirth !== undefined ? `born ${formatFuzzyDate(p.dateOfBirth)}` : 'no date of birth'}
        {p.ssin ? ` · SSIN ${p.ssin}` : ''}
        {p.invalid && (
          <span className="warn-inline">
            <span aria-hidden="true"> ⚠</span> record has problems
          </span>
        )}
      </span>
    </>
  );
}
