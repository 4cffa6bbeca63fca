// The merge screen: every version of one conflicted record side by side with their common
// ancestor, a choice per differing part, a live preview of the merged record, and Save once the
// merge is complete and valid. Saving writes it through the core in one go (conflicts.resolve).
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { RECORD_PATH, type Choice, type MergePlan, type PlanNode } from '../../shared/conflicts';
import type { CallOutput } from '../../shared/contract/contract';
import { RemoteCallError } from '../../shared/contract/errors';
import { api } from '../client';
import { useT } from '../i18n';
import { useChart } from '../stores/chart';
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { MergeNode, type NodeContext } from './MergeNode';
import { MergePreviewPane } from './MergePreview';
import { AncestorNote, DeleteVersusEdit, Versions } from './MergeVersions';
import { mergeState, nodeDomIds, placeMessages, type MergeState, type Picks } from './model';
import { entryTitle } from './title';
import { initialTyped } from './typed';
import { useViewer } from './useViewer';
import { nameVersions } from './versions';
import './conflicts.css';

type Opened = CallOutput<'conflicts.open'>;

export function MergeScreen({ id, patientId }: { id: string; patientId?: string | undefined }) {
  const { t } = useT('conflicts');
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
        <h2>{t('merge.titleShort')}</h2>
        <p className="form-message" role="alert">
          {t('merge.loadError', { error: loadError })}
        </p>
        <button type="button" onClick={back.go}>
          {back.label}
        </button>
      </div>
    );
  }
  if (!opened) return <p className="muted">{t('merge.opening')}</p>;
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
  const { t } = useT('conflicts');
  const go = useNavigation((s) => s.go);
  return patientId
    ? { label: t('merge.backToChart'), go: () => go({ kind: 'chart', patientId }) }
    : { label: t('merge.backToInbox'), go: () => go({ kind: 'conflicts' }) };
}

function MergeForm(props: {
  opened: Opened;
  notice: string | undefined;
  onStale(message: string): void;
  back: { label: string; go(): void };
}) {
  const { i18n } = useT('conflicts');
  const { entry, plan, ancestorSource } = props.opened;
  const viewer = useViewer();
  // The words are built outside React: the language is part of what they depend on.
  const lang = i18n.language;
  const names = useMemo(() => nameVersions(plan.branches, viewer), [plan, viewer, lang]);
  const [picks, setPicks] = useState<Picks>({});
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<Record<string, string>>({});
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => titleRef.current?.focus(), []);

  const state = useMemo(() => mergeState(plan, picks, typed), [plan, picks, typed, lang]);
  const domIds = useMemo(() => nodeDomIds(plan), [plan]);
  const deleting = plan.record !== undefined && picks[RECORD_PATH]?.from === 'branch';
  const validation = state.preview && !state.preview.validation.ok ? state.preview.validation.errors : {};
  const placed = placeMessages(plan, picks, { ...validation, ...refused, ...state.typedErrors });
  const saver = useSave({ entry, plan, state, deleting, onStale: props.onStale, onRefused: setRefused });

  const pick = (node: PlanNode | { path: string }, c: Choice) => {
    setRefused({});
    setPicks((p) => ({ ...p, [node.path]: c }));
    if (c.from === 'value' && 'values' in node && typed[node.path] === undefined)
      setTyped((x) => ({ ...x, [node.path]: initialTyped(plan, node) }));
  };
  const ctx: NodeContext = {
    plan,
    names,
    picks,
    typed,
    messages: placed.byNode,
    domIds,
    columns: [...(plan.ancestor ? ['ancestor'] : []), ...plan.branches.map((b) => b.rev)],
    onPick: pick,
    onType: (path, text) => setTyped((x) => ({ ...x, [path]: text })),
  };

  const focusNode = (path: string) => {
    const el = document.getElementById(domIds.get(path) ?? '');
    const target = el?.querySelector<HTMLElement>('input:checked, input, textarea') ?? el;
    target?.focus();
  };

  return (
    <article className="merge" aria-labelledby="merge-title">
      <MergeHeader
        entry={entry}
        versions={plan.branches.length}
        back={props.back}
        notice={props.notice}
        titleRef={titleRef}
      />
      <AncestorNote source={ancestorSource} />
      <Versions plan={plan} names={names} viewer={viewer} />
      <DeleteVersusEdit
        plan={plan}
        names={names}
        picks={picks}
        onPick={pick}
        messages={placed.byNode[RECORD_PATH] ?? []}
      />
      <div className="merge-layout">
        <Differences ctx={ctx} deleting={deleting} />
        <MergePreviewPane
          plan={plan}
          names={names}
          state={state}
          general={placed.general}
          deleting={deleting}
          saving={saver.saving}
          message={saver.message}
          onSave={() => void saver.save()}
          onFocusNode={focusNode}
        />
      </div>
    </article>
  );
}

function MergeHeader(props: {
  entry: Opened['entry'];
  versions: number;
  back: { label: string; go(): void };
  notice: string | undefined;
  titleRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useT('conflicts');
  return (
    <>
      <header className="chart-header">
        <div>
          <h2 id="merge-title" tabIndex={-1} ref={props.titleRef}>
            {t('merge.title', { title: entryTitle(props.entry) })}
          </h2>
          <p className="muted">{t('merge.intro', { count: props.versions })}</p>
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
    </>
  );
}

/** Save: one conflicts.resolve call; a branch that arrived meanwhile reloads the versions. */
function useSave(o: {
  entry: Opened['entry'];
  plan: MergePlan;
  state: MergeState;
  deleting: boolean;
  onStale(message: string): void;
  onRefused(fields: Record<string, string>): void;
}) {
  const { t } = useT('conflicts');
  const go = useNavigation((s) => s.go);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const save = async () => {
    if (o.state.blocker) return;
    setSaving(true);
    setMessage(undefined);
    try {
      await api.call('conflicts.resolve', {
        id: o.plan.docId,
        revs: o.plan.branches.map((b) => b.rev),
        choices: o.state.choices,
      });
      const conflicts = useConflicts.getState();
      conflicts.announce(t('merge.resolved', { title: entryTitle(o.entry) }));
      void conflicts.refresh();
      const patientId = o.entry.patientId;
      if (patientId && !o.deleting) {
        void useChart.getState().open(patientId);
        go({ kind: 'chart', patientId });
      } else go({ kind: 'conflicts' });
    } catch (err) {
      setSaving(false);
      if (err instanceof RemoteCallError && err.code === 'conflict') {
        o.onStale(t('merge.stale', { error: err.message }));
        return;
      }
      if (err instanceof RemoteCallError && err.fields) o.onRefused(err.fields);
      setMessage(t('merge.notSaved', { error: err instanceof Error ? err.message : String(err) }));
    }
  };
  return { saving, message, save };
}

/** The differing parts, under column labels that name each version. */
function Differences({ ctx, deleting }: { ctx: NodeContext; deleting: boolean }) {
  const { t } = useT('conflicts');
  const { plan, names, columns } = ctx;
  return (
    <section className="merge-fields" aria-labelledby="merge-fields-title">
      <h3 id="merge-fields-title">{t('merge.differences')}</h3>
      {deleting ? (
        <p className="muted">{t('merge.deletingNothing')}</p>
      ) : plan.fields.length === 0 ? (
        <p className="muted">{t('merge.same')}</p>
      ) : (
        <>
          <div
            className="merge-grid merge-grid-head"
            aria-hidden="true"
            style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(6rem, 1fr)) minmax(6rem, 0.7fr)` }}
          >
            {columns.map((c) => (
              <div key={c} className="merge-cell">
                {c === 'ancestor' ? t('ancestor') : (names.get(c)?.short ?? '')}
              </div>
            ))}
            <div className="merge-cell">{t('merge.typedColumn')}</div>
          </div>
          {plan.fields.map((n) => (
            <MergeNode key={n.path} node={n} ctx={ctx} />
          ))}
        </>
      )}
    </section>
  );
}
