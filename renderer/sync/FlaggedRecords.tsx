// Records kept although they fail the local schema (typically replicated from another client),
// listed in the sync panel so they can be found; reloaded when the rejected count moves.
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract/contract';
import { api } from '../client';
import { useT } from '../i18n';
import { count } from './format';

const LIMIT = 50;

export function FlaggedRecords({ rejected }: { rejected: number }) {
  const { t } = useT('sync');
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

  if (error) return <p className="muted">{t('flagged.unavailable', { message: error })}</p>;
  if (!data) return <p className="muted">{t('flagged.looking')}</p>;
  if (data.count === 0) return <p className="muted">{t('flagged.none')}</p>;
  const shown = data.count > data.items.length ? ` ${t('flagged.firstShown', { n: count(data.items.length) })}` : '';
  return (
    <>
      <p>
        {t('flagged.some', { count: data.count, n: count(data.count) })}
        {shown}:
      </p>
      <ul className="sync-flagged" aria-label={t('flagged.list')}>
        {data.items.map((r) => (
          <li key={r.id}>
            <strong>{r.type || t('flagged.unknownType')}</strong> <code>{r.id}</code>
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
