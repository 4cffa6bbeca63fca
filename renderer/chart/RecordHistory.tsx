// A record's history, reached from the chart: its revisions (who, when, which workstation, what
// changed) and the conflicts resolved on it, with the full bodies of the versions replaced.
import { useEffect, useRef, useState } from 'react';
import type { CallOutput, RecordView } from '../../shared/contract/contract';
import { api } from '../client';
import { describeChange, describeStoredChoice, shortRev, whoWhere } from '../conflicts/format';
import { useNavigation } from '../stores/navigation';
import '../conflicts/conflicts.css';

type History = CallOutput<'records.history'>;

export function RecordHistory({ id, patientId, title }: { id: string; patientId: string; title: string }) {
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
          History: {title}
        </h2>
        <div className="chart-actions">
          <button type="button" className="secondary" onClick={() => go({ kind: 'chart', patientId })}>
            Back to the chart
          </button>
        </div>
      </header>
      {error && (
        <p className="form-message" role="alert">
          Could not read the history: {error}
        </p>
      )}
      {!history && !error && <p className="muted">Reading the history…</p>}
      {history && (
        <>
          <section className="card" aria-labelledby="history-revisions">
            <h3 id="history-revisions">Revisions, newest first</h3>
            <ol className="history-revisions" aria-label="Revisions">
              {history.revisions.map((r) => {
                const changes = r.changes.filter((c) => !(c as { stamp?: boolean }).stamp);
                return (
                  <li key={r.rev} aria-label={`Revision ${shortRev(r.rev)}`}>
                    <div>
                      <strong>Revision {shortRev(r.rev)}</strong>{' '}
                      {r.available ? (
                        whoWhere(r)
                      ) : (
                        <span className="muted">— its content is no longer kept here (compacted)</span>
                      )}
                    </div>
                    {r.available &&
                      (changes.length === 0 ? (
                        <p className="muted">No field changed.</p>
                      ) : (
                        <ul className="history-changes">
                          {changes.map((c) => (
                            <li key={c.field}>{describeChange(c)}</li>
                          ))}
                        </ul>
                      ))}
                  </li>
                );
              })}
            </ol>
          </section>
          <section className="card" aria-labelledby="history-resolutions">
            <h3 id="history-resolutions">Conflicts resolved</h3>
            {history.resolutions.length === 0 ? (
              <p className="muted">No conflict was resolved on this record.</p>
            ) : (
              <ol className="history-resolutions" aria-label="Resolutions">
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

type Body = Record<string, unknown> & { _rev?: string; author?: string; device?: string; modified?: number };

function Resolution({ view }: { view: RecordView }) {
  const d = view.doc as Body & { discarded?: Body[]; choices?: Record<string, string>; resolvedFrom?: string };
  const discarded = Array.isArray(d.discarded) ? d.discarded : [];
  const choices = Object.entries(d.choices ?? {});
  const revLabel = (rev: string) =>
    rev === d.resolvedFrom ? `the version shown until then (${shortRev(rev)})` : `version ${shortRev(rev)}`;
  return (
    <li className="resolution" aria-label={`Resolution ${whoWhere(d)}`}>
      <p>
        <strong>Merged {whoWhere(d)}</strong>
      </p>
      {choices.length > 0 && (
        <>
          <p className="muted">Choices:</p>
          <ul className="history-changes">
            {choices.map(([path, c]) => (
              <li key={path}>
                <code>{path}</code>: {describeStoredChoice(c, revLabel)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">Versions replaced by the merge, kept in full:</p>
      <ul className="discarded-list" aria-label="Discarded versions">
        {discarded.map((b, i) => {
          const { _id, ...rest } = b;
          void _id;
          return (
            <li key={b._rev ?? i} aria-label={`Discarded version ${shortRev(String(b._rev ?? '?'))}`}>
              <p>
                Version {shortRev(String(b._rev ?? '?'))} {whoWhere(b)}
                {b._deleted === true && <strong> · deleted</strong>}
              </p>
              <pre className="discarded-body">{JSON.stringify(rest, null, 2)}</pre>
            </li>
          );
        })}
      </ul>
    </li>
  );
}
