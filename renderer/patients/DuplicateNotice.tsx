// What the core answered about duplicates: an SSIN another patient holds (refused, with that
// chart one click away) or patients of the same name and date of birth (asked: open one, or
// confirm this is another person).
import { useEffect, useRef } from 'react';
import type { DuplicateCandidate } from '../../shared/contract/errors';
import { formatFuzzyDateDmy } from '../../shared/dates';
import { useT } from '../i18n';

export type DuplicateState = { kind: 'duplicate' | 'possible'; candidates: DuplicateCandidate[] };

const fullName = (c: DuplicateCandidate) => `${c.firstName} ${c.lastName}`.trim();

export function DuplicateNotice(props: {
  state: DuplicateState;
  onOpen(id: string): void;
  onConfirm(): void;
  onBack(): void;
  busy: boolean;
}) {
  const { t } = useT('patients');
  const { kind, candidates } = props.state;
  const ref = useRef<HTMLDivElement>(null);
  // The question is where the person looks next: focus moves to it (the SSIN field keeps its error).
  useEffect(() => {
    if (kind === 'possible') ref.current?.focus();
  }, [kind, candidates]);
  const titleId = `duplicate-${kind}-title`;
  return (
    <div className="duplicate-notice" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <h3 id={titleId}>{kind === 'duplicate' ? t('duplicate.title') : t('possible.title')}</h3>
      <p>{kind === 'duplicate' ? t('duplicate.body') : t('possible.body')}</p>
      <table aria-label={t('possible.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('possible.name')}</th>
            <th scope="col">{t('possible.born')}</th>
            <th scope="col">{t('possible.ssin')}</th>
            <th scope="col">
              <span className="sr-only">{t('possible.action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.id}>
              <td>
                {c.lastName.toUpperCase()}, {c.firstName}
              </td>
              <td>{c.dateOfBirth !== undefined ? formatFuzzyDateDmy(c.dateOfBirth) : '—'}</td>
              <td>{c.ssin || t('possible.noSsin')}</td>
              <td>
                <button type="button" className="secondary small" onClick={() => props.onOpen(c.id)}>
                  {kind === 'duplicate'
                    ? t('duplicate.openChart', { name: fullName(c) })
                    : t('possible.open', { name: fullName(c) })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {kind === 'possible' && (
        <div className="row-actions">
          <button type="button" onClick={props.onConfirm} disabled={props.busy}>
            {t('possible.confirm')}
          </button>
          <button type="button" className="secondary" onClick={props.onBack}>
            {t('possible.back')}
          </button>
        </div>
      )}
    </div>
  );
}
