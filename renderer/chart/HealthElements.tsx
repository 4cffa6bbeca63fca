// The patient's health elements (problems, allergies…): add, edit, close. Closed ones stay visible.
import { useState, type FormEvent } from 'react';
import type { RecordView } from '../../shared/contract/contract';
import type { RecordDraft } from '../../shared/records/schemas';
import { api } from '../client';
import { formErrorsFrom, submitForm } from '../forms/errors';
import { asString, parseLooseDateTime, showFuzzyDateTime } from '../forms/values';
import { closeRecord, useChart } from '../stores/chart';
import { FormMessage, TextField } from '../ui/fields';
import { isClosed } from './describe';
import { ConflictBadge, HistoryButton, InvalidWarning } from './RecordWarnings';

export function HealthElements({ patientId, views }: { patientId: string; views: RecordView[] }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  const sorted = [...views].sort((a, b) => Number(isClosed(a.doc)) - Number(isClosed(b.doc)));
  return (
    <section aria-labelledby="he-title" className="card">
      <div className="card-head">
        <h3 id="he-title">Health elements</h3>
        {!adding && (
          <button type="button" className="secondary small" onClick={() => setAdding(true)}>
            Add health element
          </button>
        )}
      </div>
      {adding && <HealthElementForm patientId={patientId} onDone={() => setAdding(false)} />}
      {sorted.length === 0 && !adding && <p className="muted">No health element recorded.</p>}
      <ul className="health-elements" aria-label="Health elements">
        {sorted.map((view) =>
          editing === view.doc._id ? (
            <li key={view.doc._id}>
              <HealthElementForm patientId={patientId} view={view} onDone={() => setEditing(undefined)} />
            </li>
          ) : (
            <HealthElementItem key={view.doc._id} view={view} onEdit={() => setEditing(view.doc._id)} />
          ),
        )}
      </ul>
    </section>
  );
}

function HealthElementItem({ view, onEdit }: { view: RecordView; onEdit(): void }) {
  const d = view.doc;
  const closed = isClosed(d);
  const descr = asString(d.descr) || '(no description)';
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await closeRecord(d._id, d._rev);
    } catch (err) {
      setError(formErrorsFrom(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`he-item${closed ? ' closed' : ''}`} aria-label={`${descr}${closed ? ' (closed)' : ''}`}>
      <div className="he-main">
        <span className="he-descr">{descr}</span>
        <span className="muted">
          {showFuzzyDateTime(d.openingDate) && ` since ${showFuzzyDateTime(d.openingDate)}`}
          {closed && ` · closed${showFuzzyDateTime(d.closingDate) ? ` ${showFuzzyDateTime(d.closingDate)}` : ''}`}
        </span>
        {closed && <span className="badge">Closed</span>}
        <ConflictBadge view={view} />
        {asString(d.note) && <p className="he-note pre">{asString(d.note)}</p>}
      </div>
      <div className="row-actions">
        <HistoryButton id={d._id} patientId={asString(d.patientId)} title={descr} />
        {!closed && (
          <>
            <button
              type="button"
              className="secondary small"
              onClick={onEdit}
              disabled={view.invalid !== undefined}
              aria-label={`Edit ${descr}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="secondary small"
              onClick={() => void close()}
              disabled={busy}
              aria-label={`Close ${descr}`}
            >
              Close
            </button>
          </>
        )}
      </div>
      <InvalidWarning view={view} what="health element" />
      <FormMessage message={error} />
    </li>
  );
}

function HealthElementForm({ patientId, view, onDone }: { patientId: string; view?: RecordView; onDone(): void }) {
  const original = view?.doc;
  const [descr, setDescr] = useState(asString(original?.descr));
  const [opening, setOpening] = useState(showFuzzyDateTime(original?.openingDate));
  const [note, setNote] = useState(asString(original?.note));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!descr.trim()) errors.descr = 'describe the problem';
    const openingDate = opening.trim() ? parseLooseDateTime(opening) : undefined;
    if (opening.trim() && openingDate === undefined)
      errors.openingDate = 'enter a date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD HH:MM';
    setFields(errors);
    if (Object.keys(errors).length > 0) return;
    // Start from the stored document: fields this form does not show are sent back as they were.
    const doc: Record<string, unknown> = original
      ? { ...original }
      : { type: 'healthElement', patientId, tags: [{ type: 'CD-ITEM', code: 'problem', version: '1' }] };
    doc.descr = descr.trim();
    if (openingDate !== undefined) doc.openingDate = openingDate;
    else delete doc.openingDate;
    if (note.trim()) doc.note = note.trim();
    else delete doc.note;
    await submitForm(
      {
        setSaving,
        onErrors: (fe) => {
          setFields(fe.fields);
          setMessage(fe.message);
        },
      },
      async () => {
        await api.call('records.save', { doc: doc as RecordDraft });
        await useChart.getState().reload();
        onDone();
      },
    );
  };

  return (
    <form
      className="inline-editor"
      aria-label={original ? 'Edit health element' : 'New health element'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
      noValidate
    >
      <div className="grid2">
        <TextField label="Problem" value={descr} error={fields.descr} onChange={setDescr} autoFocus />
        <TextField
          label="Since"
          hint="YYYY, YYYY-MM or YYYY-MM-DD"
          value={opening}
          error={fields.openingDate}
          onChange={setOpening}
        />
      </div>
      <TextField label="Health element note" multiline value={note} error={fields.note} onChange={setNote} />
      <FormMessage message={message} />
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save health element'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
