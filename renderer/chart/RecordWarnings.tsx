// Badges and warnings every record view can carry: schema problems and hidden conflicts.
import type { RecordView } from '../../shared/contract/contract';

export function InvalidWarning({ view, what }: { view: RecordView; what: string }) {
  const entries = Object.entries(view.invalid ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="warning" role="note" aria-label={`${what} has problems`}>
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>This {what} doesn't match the expected format</strong> (perhaps written by another program). It is shown as
        stored; the parts listed here can't be edited until they are replaced, and nothing is overwritten silently.
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <code>{field}</code>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConflictBadge({ view }: { view: RecordView }) {
  if (view.conflicts <= 0) return null;
  const label = `${view.conflicts} ${view.conflicts === 1 ? 'conflict' : 'conflicts'} to merge`;
  return (
    <span className="badge badge-conflict" role="img" aria-label={label} title={label}>
      ⇄ {label}
    </span>
  );
}
