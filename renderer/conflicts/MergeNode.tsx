// One differing field, list or list item of a merge: a fieldset whose radios are laid out in the
// same columns as the versions (ancestor, each version, typed), nested parts under "merge".
import type { Choice, MergePlan, PlanNode } from '../../shared/conflicts';
import { useT } from '../i18n';
import { fieldLabel } from './format';
import { choiceKey, itemTitle, nodeStatus, optionText, shownChoice, type Picks } from './model';
import { typedMode } from './typed';
import type { VersionNames } from './versions';

export type NodeContext = {
  plan: MergePlan;
  names: VersionNames;
  picks: Picks;
  typed: Readonly<Record<string, string>>;
  messages: Readonly<Record<string, string[]>>;
  domIds: ReadonlyMap<string, string>;
  /** the version columns, in screen order: 'ancestor' (when there is one), then branch revs */
  columns: readonly string[];
  onPick(node: PlanNode, choice: Choice): void;
  onType(path: string, text: string): void;
};

const columnOf = (c: Choice): string => (c.from === 'branch' ? c.rev : c.from);

export function MergeNode({ node, ctx }: { node: PlanNode; ctx: NodeContext }) {
  const { t } = useT('conflicts');
  const { plan, picks, names } = ctx;
  const id = ctx.domIds.get(node.path) ?? node.path;
  const chosen = shownChoice(node, picks);
  const status = nodeStatus(plan, node, picks, names);
  const errors = ctx.messages[node.path] ?? [];
  const legend = node.kind === 'item' ? itemTitle(plan, node) : fieldLabel(node.label);
  const typedOption = node.options.find((o) => o.from === 'value');
  const mergeOption = node.options.find((o) => o.from === 'merge');
  const mode = typedMode(node);
  const describedBy = [`${id}-status`, errors.length ? `${id}-errors` : ''].filter(Boolean).join(' ');
  const radio = (c: Choice, text: string, extra?: string) => (
    <label className={`merge-option${chosen && choiceKey(chosen) === choiceKey(c) ? ' chosen' : ''}`}>
      <input
        type="radio"
        name={id}
        value={choiceKey(c)}
        checked={chosen !== undefined && choiceKey(chosen) === choiceKey(c)}
        onChange={() => ctx.onPick(node, c)}
      />
      <span className="merge-option-text">
        {text}
        {extra && <span className="tag merge-changed-tag">{extra}</span>}
      </span>
    </label>
  );

  return (
    <fieldset
      id={id}
      className={`merge-node merge-${node.kind}${status.needsChoice ? ' needs-choice' : ''}${node.confirm ? ' confirm' : ''}`}
      aria-describedby={describedBy}
      aria-invalid={errors.length > 0 ? true : undefined}
    >
      <legend>
        {legend}
        {status.needsChoice && (
          <span className="badge badge-conflict">
            <span aria-hidden="true">⇄ </span>
            {t('node.choose')}
          </span>
        )}
        {node.confirm && !status.needsChoice && <span className="badge badge-warn">{t('node.check')}</span>}
      </legend>
      <p id={`${id}-status`} className="merge-status">
        {status.text}
      </p>
      <div
        className="merge-grid"
        style={{ gridTemplateColumns: `repeat(${ctx.columns.length}, minmax(6rem, 1fr)) minmax(6rem, 0.7fr)` }}
      >
        {ctx.columns.map((col) => {
          const c = node.options.find((o) => columnOf(o) === col);
          if (!c) return <div key={col} className="merge-cell empty" aria-hidden="true" />;
          const changed = c.from === 'branch' && node.changedBy.includes(c.rev);
          return (
            <div key={col} className={`merge-cell${changed ? ' changed' : ''}`}>
              {radio(c, optionText(plan, node, c, names), changed ? t('node.changed') : undefined)}
            </div>
          );
        })}
        <div className="merge-cell">
          {typedOption && radio(typedOption, optionText(plan, node, typedOption, names))}
          {chosen?.from === 'value' && (
            <TypedBox
              id={`${id}-typed`}
              label={t('node.typedLabel', { part: legend })}
              mode={mode}
              value={ctx.typed[node.path] ?? ''}
              onChange={(t) => ctx.onType(node.path, t)}
            />
          )}
        </div>
      </div>
      {mergeOption && (
        <div className="merge-merge">{radio(mergeOption, optionText(plan, node, mergeOption, names))}</div>
      )}
      {errors.length > 0 && (
        <ul id={`${id}-errors`} className="field-error merge-errors">
          {errors.map((e) => (
            <li key={e}>
              <span aria-hidden="true">⚠ </span>
              {e}
            </li>
          ))}
        </ul>
      )}
      {chosen?.from === 'merge' && (
        <div className="merge-children">
          {(node.kind === 'list' ? node.items : node.kind === 'item' ? node.fields : []).map((child) => (
            <MergeNode key={child.path} node={child} ctx={ctx} />
          ))}
          {node.kind === 'list' && node.items.length === 0 && <p className="muted">{t('node.sameItems')}</p>}
        </div>
      )}
    </fieldset>
  );
}

function TypedBox(props: {
  id: string;
  label: string;
  mode: 'text' | 'number' | 'json';
  value: string;
  onChange(text: string): void;
}) {
  const { t } = useT('conflicts');
  const hint =
    props.mode === 'json' ? t('node.hintJson') : props.mode === 'number' ? t('node.hintNumber') : t('node.hintText');
  return (
    <div className="field merge-typed">
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      {props.mode === 'json' ? (
        <textarea
          id={props.id}
          rows={4}
          value={props.value}
          aria-describedby={`${props.id}-hint`}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <input
          id={props.id}
          type="text"
          inputMode={props.mode === 'number' ? 'decimal' : 'text'}
          value={props.value}
          aria-describedby={`${props.id}-hint`}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      <p className="field-hint" id={`${props.id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
