// The merge screen: every version of one conflicted record side by side with their common
// ancestor, a choice per differing part, a live preview of the merged record, and Save once the
// merge is complete and valid. Saving writes it through the core in one go (conflicts.resolve).
import { useEffect, useMemo, useRef, useState } from 'react';
import { RECORD_PATH, type Choice, type MergePlan, type PlanNode } from '../../shared/conflicts';
import type { CallOutput } from '../../shared/contract/contract';
import { RemoteCallError } from '../../shared/contract/errors';
import { api } from '../client';
import { useChart } from '../stores/chart';
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { MergeNode, type NodeContext } from './MergeNode';
import { MergePreviewPane } from './MergePreview';
import { branchHeading, initialTyped, mergeState, nodeDomIds, placeMessages, type Picks } from './model';
import { whoWhere } from './format';
import './conflicts.css';

type Opened = CallOutput<'conflicts.open'>;

export function MergeScreen({ id, patientId }: { id: string; patientId?: string | undefined }) {
  const [opened, setOpened] = useState<Opened | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    api.call('conflicts.open', { id }).then(
      (o) => live && setOpened(o),
      (err: unknown) => live && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [id, reloads]);

  const back = useBack(patientId ?? opened?.entry.patientId);

  if (loadError) {
    return (
      <div className="merge">
        <h2>Merge</h2>
        <p className="form-message" role="alert">
          Could not open this conflict: {loadError}
        </p>
        <button type="button" onClick={back.go}>
          {back.label}
        </button>
      </div>
    );
  }
  if (!opened) return <p className="muted">Opening the versions…</p>;
  // Keyed by the versions shown: a reload after a new branch starts the choices afresh.
  return (
    <MergeForm
      key={opened.plan.branches.map((b) => b.rev).join()}
      opened={opened}
      notice={notice}
      onStale={(message) => {
        setNotice(message);
        setReloads((n) => n + 1);
      }}
      back={back}
    />
  );
}

function useBack(patientId: string | undefined) {
  const go = useNavigation((s) => s.go);
  return patientId
    ? { label: 'Back to the chart', go: () => go({ kind: 'chart', patientId }) }
    : { label: 'Back to the conflicts', go: () => go({ kind: 'conflicts' }) };
}

function MergeForm(props: {
  opened: Opened;
  notice: string | undefined;
  onStale(message: string): void;
  back: { label: string; go(): void };
}) {
  const { entry, plan, ancestorSource } = props.opened;
  const [picks, setPicks] = useState<Picks>({});
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const go = useNavigation((s) => s.go);

  useEffect(() => titleRef.current?.focus(), []);

  const state = useMemo(() => mergeState(plan, picks, typed), [plan, picks, typed]);
  const domIds = useMemo(() => nodeDomIds(plan), [plan]);
  const deleting = plan.record !== undefined && picks[RECORD_PATH]?.from === 'branch';
  const validation = state.preview && !state.preview.validation.ok ? state.preview.validation.errors : {};
  const placed = placeMessages(plan, picks, { ...validation, ...refused, ...state.typedErrors });
  const columns = [...(plan.ancestor ? ['ancestor'] : []), ...plan.branches.map((b) => b.rev)];

  const pick = (node: PlanNode | { path: string }, c: Choice) => {
    setRefused({});
    setPicks((p) => ({ ...p, [node.path]: c }));
    if (c.from === 'value' && 'values' in node && typed[node.path] === undefined)
      setTyped((t) => ({ ...t, [node.path]: initialTyped(plan, node) }));
  };
  const ctx: NodeContext = {
    plan,
    picks,
    typed,
    messages: placed.byNode,
    domIds,
    columns,
    onPick: pick,
    onType: (path, text) => setTyped((t) => ({ ...t, [path]: text })),
  };

  const focusNode = (path: string) => {
    const el = document.getElementById(domIds.get(path) ?? '');
    const target = el?.querySelector<HTMLElement>('input:checked, input, textarea') ?? el;
    target?.focus();
  };

  const save = async () => {
    if (state.blocker) return;
    setSaving(true);
    setMessage(undefined);
    try {
      await api.call('conflicts.resolve', {
        id: plan.docId,
        revs: plan.branches.map((b) => b.rev),
        choices: state.choices,
      });
      const conflicts = useConflicts.getState();
      conflicts.announce(`Conflict resolved: ${entry.title}. The merged record is saved on this workstation.`);
      void conflicts.refresh();
      const patientId = entry.patientId;
      if (patientId && !deleting) {
        void useChart.getState().open(patientId);
        go({ kind: 'chart', patientId });
      } else go({ kind: 'conflicts' });
    } catch (err) {
      setSaving(false);
      if (err instanceof RemoteCallError && err.code === 'conflict') {
        props.onStale(`${err.message}. The versions below are the current ones; make your choices again.`);
        return;
      }
      if (err instanceof RemoteCallError && err.fields) setRefused(err.fields);
      setMessage(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <article className="merge" aria-labelledby="merge-title">
      <header className="chart-header">
        <div>
          <h2 id="merge-title" tabIndex={-1} ref={titleRef}>
            Merge: {entry.title}
          </h2>
          <p className="muted">
            {plan.branches.length} versions of this record were saved apart. Choose what the record keeps; nothing is
            lost: the versions replaced are kept in its history.
          </p>
        </div>
        <div className="chart-actions">
          <button type="button" className="secondary" onClick={props.back.go}>
            {props.back.label}
          </button>
        </div>
      </header>
      {props.notice && (
        <p className="form-message" role="alert">
          {props.notice}
        </p>
      )}
      <AncestorNote source={ancestorSource} />
      <Versions plan={plan} />
      <DeleteVersusEdit plan={plan} picks={picks} onPick={pick} messages={placed.byNode[RECORD_PATH] ?? []} />

      <div className="merge-layout">
        <section className="merge-fields" aria-labelledby="merge-fields-title">
          <h3 id="merge-fields-title">Differences</h3>
          {deleting ? (
            <p className="muted">The record will be deleted: there is nothing to merge.</p>
          ) : plan.fields.length === 0 ? (
            <p className="muted">The versions hold the same values; saving just settles the conflict.</p>
          ) : (
            <>
              <div
                className="merge-grid merge-grid-head"
                aria-hidden="true"
                style={{ gridTemplateColumns: `repeat(${columns.length + 1}, minmax(0, 1fr))` }}
              >
                {columns.map((c) => (
                  <div key={c} className="merge-cell">
                    {c === 'ancestor' ? 'ancestor' : branchHeading(plan, c).label}
                  </div>
                ))}
                <div className="merge-cell">typed</div>
              </div>
              {plan.fields.map((n) => (
                <MergeNode key={n.path} node={n} ctx={ctx} />
              ))}
            </>
          )}
        </section>
        <MergePreviewPane
          plan={plan}
          state={state}
          general={placed.general}
          deleting={deleting}
          saving={saving}
          message={message}
          onSave={() => void save()}
          onFocusNode={focusNode}
        />
      </div>
    </article>
  );
}

function AncestorNote({ source }: { source: Opened['ancestorSource'] }) {
  if (source === 'none') {
    return (
      <div className="warning merge-ancestor" role="note">
        <p>
          <span aria-hidden="true">⚠ </span>
          <strong>No common ancestor available — every difference needs your choice.</strong> Neither the revision
          history nor this workstation's base copy still holds the version these were made from, so nothing says who
          changed what.
        </p>
      </div>
    );
  }
  return (
    <p className="merge-ancestor muted" role="note">
      {source === 'base-copy'
        ? 'The common ancestor comes from the base copy this workstation kept at its last sync (the revision history no longer holds it).'
        : 'The common ancestor comes from the revision history.'}
    </p>
  );
}

function Versions({ plan }: { plan: MergePlan }) {
  return (
    <table className="merge-versions">
      <caption>The versions being merged</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Saved</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {plan.branches.map((b) => {
          const h = branchHeading(plan, b.rev);
          const closed = plan.deletions.find((d) => d.rev === b.rev);
          return (
            <tr key={b.rev} className={h.deleted ? 'deleted' : undefined}>
              <th scope="row">
                {h.label} <span className="muted">({h.winner ? 'the version shown until now' : 'hidden version'})</span>
              </th>
              <td>{h.detail}</td>
              <td>
                {h.deleted ? <strong>Deleted</strong> : closed ? <strong>Closed ({closed.how})</strong> : 'Edited'}
              </td>
            </tr>
          );
        })}
        {plan.ancestor && (
          <tr>
            <th scope="row">ancestor</th>
            <td>{whoWhere(plan.ancestor.body as { author?: string; device?: string; modified?: number })}</td>
            <td>Common ancestor</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Delete-versus-edit, said plainly at the top: CouchDB would otherwise bring the record back silently. */
function DeleteVersusEdit(props: {
  plan: MergePlan;
  picks: Picks;
  onPick(node: { path: string }, c: Choice): void;
  messages: string[];
}) {
  const { plan } = props;
  if (plan.kind !== 'delete-vs-edit') return null;
  const label = (rev: string) => branchHeading(plan, rev);
  const how = {
    deleted: 'deleted',
    endOfLife: 'ended',
    closingDate: 'closed',
    deletionDate: 'marked deleted',
  } as const;
  const said = plan.deletions
    .map((d) => `${label(d.rev).label} ${how[d.how]} this record (${label(d.rev).detail})`)
    .join('; ');
  const record = plan.record;
  if (!record) {
    return (
      <div className="warning merge-delete" role="note">
        <p>
          <strong>Closed on one side, edited on the other.</strong> {said}, while another version edited it. Check the
          closing fields below before saving.
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
      <legend>Deleted on one side, edited on the other</legend>
      <p id="merge-delete-desc">
        {said}, while another version edited it. Left alone, the edited record would silently come back; decide whether
        it stays.
      </p>
      {record.options.map((c) => {
        const key = c.from === 'branch' ? c.rev : 'merge';
        const text =
          c.from === 'branch'
            ? `Delete the record, as ${label(c.rev).label} did`
            : 'Keep the record, with the edits merged below';
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
