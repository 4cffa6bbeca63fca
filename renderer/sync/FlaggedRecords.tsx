// Records kept although they fail the local schema (typically replicated from another client),
// listed in the sync panel so they can be found; reloaded when the rejected count moves.
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract/contract';
import { api } from '../client';
import { count } from './format';

const LIMIT = 50;

export function FlaggedRecords({ rejected }: { rejected: number }) {
  const [data, setData] = useState<CallOutput<'records.invalid'> | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    api
      .call('records.invalid', { limit: LIMIT })
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [rejected]);

  if (error) return <p className="muted">Flagged records unavailable: {error}</p>;
  if (!data) return <p className="muted">Looking for flagged records…</p>;
  if (data.count === 0) return <p className="muted">No record fails the local checks.</p>;
  return (
    <>
      <p>
        {count(data.count)} {data.count === 1 ? 'record fails' : 'records fail'} the local checks and{' '}
        {data.count === 1 ? 'is' : 'are'} kept as stored
        {data.count > data.items.length ? ` (first ${data.items.length} shown)` : ''}:
      </p>
      <ul className="sync-flagged" aria-label="Flagged records">
        {data.items.map((r) => (
          <li key={r.id}>
            <strong>{r.type || 'unknown type'}</strong> <code>{r.id}</code>
            {Object.entries(r.fields)
              .slice(0, 2)
              .map(([k, v]) => ` — ${k}: ${v}`)
              .join('')}
          </li>
        ))}
      </ul>
    </>
  );
}
