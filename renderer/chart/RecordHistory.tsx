// A record's history, reached from the chart: what changed in each version, in words (who, on
// which workstation, when), and the conflicts resolved on it with the versions they replaced.
import { useEffect, useRef, useState } from 'react';
import type { Json } from '../../shared/conflicts';
import type { CallOutput, RecordView } from '../../shared/contract/contract';
import { api } from '../client';
import { describeChanges, storedPathInWords } from '../conflicts/changes';
import { describeStoredChoice, fieldLabel, isTechnicalField, showValue } from '../conflicts/format';
import { useViewer } from '../conflicts/useViewer';
import { authorName, deviceWords, whenWords } from '../conflicts/versions';
import { useT } from '../i18n';
import { useNavigation } from '../stores/navigation';
import '../conflicts/conflicts.css';

type History = CallOutput<'records.history'>;
type Stamps = { author?: string | undefined; device?: string | undefined; modified?: number | undefined };

/** "3-8f2c…" → 3: the version's number; the hash only tells revisions apart for CouchDB. */
const generation = (rev: string | undefined) => Number.parseInt(String(rev ?? '').split('-')[0] ?? '', 10) || 0;

/** "saved by alice on this workstation, 19:37" */
function useSavedBy() {
  const { t } = useT('history');
  const viewer = useViewer();
  return (s: Stamps, key = 'savedBy') =>
    t(key, {
      who: authorName(s.author, s.device, viewer),
      where: deviceWords(s.device, viewer),
      when: whenWords(s.modified) || t('unknownTime'),
    });
}

export function RecordHistory({ id, patientId, title }: { id: string; patientId: string; title: string }) {
  const { t } = useT('history');
  const [history, setHistory] = useState<History | undefined>();
  const [error, setError] = useState<string | undefined>();
  const go = useNavigation((s) => s.go);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    api.call('records.history', { id }).then(
      (h) => live && setHistory(h),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    titleRef.current?.focus();
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <article className="history" aria-labelledby="history-title">
      <header className="chart-header">
        <h2 id="history-title" tabIndex={-1} ref={titleRef}>
          {t('title', { title })}
        </h2>
        <div className="chart-actions">
          <button type="button" className="secondary" onClick={() => go({ kind: 'chart', patientId })}>
            {t('back')}
          </button>
        </div>
      </header>
      {error && (
        <p className="form-message" role="alert">
          {t('error', { error })}
        </p>
      )}
      {!history && !error && <p className="muted">{t('reading')}</p>}
      {history && (
        <>
          <section className="card" aria-labelledby="history-revisions">
            <h3 id="history-revisions">{t('revisions')}</h3>
            <ol className="history-revisions" aria-label={t('revisionsLabel')}>
              {history.revisions.map((r, i) => (
                <Revision key={r.rev} row={r} older={history.revisions.slice(i + 1)} />
              ))}
            </ol>
          </section>
          <section className="card" aria-labelledby="history-resolutions">
            <h3 id="history-resolutions">{t('resolved')}</h3>
            {history.resolutions.length === 0 ? (
              <p className="muted">{t('noResolution')}</p>
            ) : (
              <ol className="history-resolutions" aria-label={t('resolutionsLabel')}>
                {history.resolutions.map((r) => (
                  <Resolution key={r.doc._id} view={r} />
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </article>
  );
}

type Row = History['revisions'][number];

/** One version: who saved it where and when, and what it changed in words. */
function Revision({ row: r, older }: { row: Row; older: Row[] }) {
  const { t } = useT('history');
  const savedBy = useSavedBy();
  const lines = r.changes.filter((c) => !(c as { stamp?: boolean }).stamp).flatMap((c) => describeChanges(c));
  const n = generation(r.rev);
  const created = older.length === 0 && n === 1;
  // The core compares with the next older version kept here; say so when one is missing.
  const kept = older.find((x) => x.available);
  const skipped = r.available && older[0] !== undefined && !older[0].available;
  return (
    <li aria-label={t('versionLabel', { n })}>
      <div>
        <strong>{created ? t('created', { n }) : t('version', { n })}</strong>{' '}
        {r.available ? savedBy(r) : <span className="muted">— {t('compacted')}</span>}
      </div>
      {skipped && (
        <p className="muted">{kept ? t('comparedWith', { n: generation(kept.rev) }) : t('comparedWithNothing')}</p>
      )}
      {r.available &&
        (lines.length === 0 ? (
          <p className="muted">{t('noChange')}</p>
        ) : (
          <ul className="history-changes">
            {lines.map((line, j) => (
              <li key={`${j}-${line}`}>{line}</li>
            ))}
          </ul>
        ))}
    </li>
  );
}

type Body = Record<string, unknown> & Stamps & { _rev?: string };

function Resolution({ view }: { view: RecordView }) {
  const { t } = useT('history');
  const savedBy = useSavedBy();
  const d = view.doc as Body & { discarded?: Body[]; choices?: Record<string, string>; resolvedFrom?: string };
  const discarded = Array.isArray(d.discarded) ? d.discarded : [];
  const choices = Object.entries(d.choices ?? {});
  const byRev = new Map(discarded.map((b) => [String(b._rev ?? ''), b]));
  const revLabel = (rev: string) => {
    const b = byRev.get(rev);
    const who = b ? savedBy(b, 'versionOf') : t('versionNumber', { n: generation(rev) });
    return rev === d.resolvedFrom ? t('shownThen', { version: who }) : who;
  };
  return (
    <li className="resolution" aria-label={t('resolutionLabel', { who: savedBy(d, 'mergedBy') })}>
      <p>
        <strong>{savedBy(d, 'mergedBy')}</strong>
      </p>
      {choices.length > 0 && (
        <>
          <p className="muted">{t('choices')}</p>
          <ul className="history-changes">
            {choices.map(([path, c]) => (
              <li key={path}>
                {storedPathInWords(path)}: {describeStoredChoice(c, revLabel)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t('replaced')}</p>
      <ul className="discarded-list" aria-label={t('discardedLabel')}>
        {discarded.map((b, i) => (
          <li key={b._rev ?? i} aria-label={t('discardedVersion', { n: generation(b._rev) })}>
            <p>
              {savedBy(b, 'versionOf')}
              {b._deleted === true && <strong> · {t('deleted')}</strong>}
            </p>
            <Facts body={b} />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** A replaced version's fields in words (the resolution record keeps the body itself whole). */
function Facts({ body }: { body: Body }) {
  const fields = Object.entries(body).filter(([k]) => !isTechnicalField(k));
  if (fields.length === 0) return null;
  return (
    <dl className="facts discarded-body">
      {fields.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{fieldLabel(k)}</dt>
          <dd>{showValue(v as Json, k)}</dd>
        </div>
      ))}
    </dl>
  );
}
