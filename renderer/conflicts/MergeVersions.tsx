// The top of the merge screen: where the common ancestor came from, the versions being merged
// (who saved each, where, when) and, when one side deleted the record, keep or delete.
import { RECORD_PATH, type Choice, type MergePlan } from '../../shared/conflicts';
import type { CallOutput } from '../../shared/contract/contract';
import { useT } from '../i18n';
import type { Picks } from './model';
import { shortName, whoWhere, type VersionNames, type Viewer } from './versions';

type Source = CallOutput<'conflicts.open'>['ancestorSource'];

export function AncestorNote({ source }: { source: Source }) {
  const { t } = useT('conflicts');
  if (source === 'none') {
    return (
      <div className="warning merge-ancestor" role="note">
        <p>
          <span aria-hidden="true">⚠ </span>
          <strong>{t('ancestorNote.noneTitle')}</strong> {t('ancestorNote.noneText')}
        </p>
      </div>
    );
  }
  return (
    <p className="merge-ancestor muted" role="note">
      {source === 'base-copy' ? t('ancestorNote.baseCopy') : t('ancestorNote.revisions')}
    </p>
  );
}

export function Versions({ plan, names, viewer }: { plan: MergePlan; names: VersionNames; viewer: Viewer }) {
  const { t } = useT('conflicts');
  return (
    <table className="merge-versions">
      <caption>{t('versions.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('versions.version')}</th>
          <th scope="col">{t('versions.saved')}</th>
          <th scope="col">{t('versions.state')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.branches.map((b) => {
          const name = names.get(b.rev);
          const closed = plan.deletions.find((d) => d.rev === b.rev);
          return (
            <tr key={b.rev} className={b.deleted ? 'deleted' : undefined}>
              <th scope="row">
                {name?.short}{' '}
                <span className="muted">
                  ({b.rev === plan.winnerRev ? t('versions.shownUntilNow') : t('versions.hidden')})
                </span>
              </th>
              <td>{name?.detail}</td>
              <td>
                {b.deleted ? (
                  <strong>{t('versions.deleted')}</strong>
                ) : closed ? (
                  <strong>{t('versions.closed', { how: t(`closedHow.${closed.how}`) })}</strong>
                ) : (
                  t('versions.edited')
                )}
              </td>
            </tr>
          );
        })}
        {plan.ancestor && (
          <tr>
            <th scope="row">{t('ancestor')}</th>
            <td>{whoWhere(plan.ancestor.body as { author?: string; device?: string; modified?: number }, viewer)}</td>
            <td>{t('versions.ancestorState')}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Delete-versus-edit, said plainly at the top: CouchDB would otherwise bring the record back silently. */
export function DeleteVersusEdit(props: {
  plan: MergePlan;
  names: VersionNames;
  picks: Picks;
  onPick(node: { path: string }, c: Choice): void;
  messages: string[];
}) {
  const { t } = useT('conflicts');
  const { plan, names } = props;
  if (plan.kind !== 'delete-vs-edit') return null;
  const said = plan.deletions
    .map((d) =>
      t('delete.said', {
        version: shortName(names, d.rev),
        how: t(`how.${d.how}`),
        detail: names.get(d.rev)?.detail ?? '',
      }),
    )
    .join('; ');
  const record = plan.record;
  if (!record) {
    return (
      <div className="warning merge-delete" role="note">
        <p>
          <strong>{t('delete.closedTitle')}</strong> {t('delete.closedText', { said })}
        </p>
      </div>
    );
  }
  const chosen = props.picks[RECORD_PATH];
  return (
    <fieldset
      id="merge-node-record"
      className={`merge-node merge-delete warning${chosen ? '' : ' needs-choice'}`}
      aria-describedby="merge-delete-desc"
    >
      <legend>{t('delete.legend')}</legend>
      <p id="merge-delete-desc">{t('delete.text', { said })}</p>
      {record.options.map((c) => {
        const key = c.from === 'branch' ? c.rev : 'merge';
        const text =
          c.from === 'branch' ? t('delete.deleteOption', { version: shortName(names, c.rev) }) : t('delete.keepOption');
        const checked = chosen !== undefined && (chosen.from === 'branch' ? chosen.rev : chosen.from) === key;
        return (
          <label key={key} className={`merge-option${checked ? ' chosen' : ''}`}>
            <input
              type="radio"
              name="merge-record"
              value={key}
              checked={checked}
              onChange={() => props.onPick({ path: RECORD_PATH }, c)}
            />
            <span>{text}</span>
          </label>
        );
      })}
      {props.messages.map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
    </fieldset>
  );
}
