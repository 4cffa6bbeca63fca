// Adding or editing a health element: a problem, or an allergy / intolerance with its agent,
// reaction and severity. Recording an allergy closes a standing "no known allergies". As in the
// contact editor, Enter never saves (Ctrl+Enter, Ctrl+S do) and leaving with changes asks first.
import { useState, type FormEvent } from 'react';
import { ALLERGY_SEVERITIES, HE_KIND_TYPE, healthElementKind } from '../../shared/clinical/summary';
import type { RecordView } from '../../shared/contract/contract';
import type { RecordDraft } from '../../shared/records/schemas';
import { api } from '../client';
import { editorKeys } from '../contacts/EditorParts';
import { submitForm } from '../forms/errors';
import { useLeaveGuard } from '../forms/useLeaveGuard';
import { asArray, asObject, asString, parseLooseDateTime, showFuzzyDateTime } from '../forms/values';
import { useT } from '../i18n';
import { closeNoKnownAllergies, kindTag, useChart } from '../stores/chart';
import { FormMessage, SaveCancel, SelectField, TextField } from '../ui/fields';

export type FormKind = 'problem' | 'allergy' | 'intolerance';

export function HealthElementForm({
  patientId,
  view,
  initialKind = 'problem',
  onDone,
}: {
  patientId: string;
  view?: RecordView;
  initialKind?: FormKind;
  onDone(): void;
}) {
  const { t } = useT('chart');
  const original = view?.doc;
  const storedKind = original ? healthElementKind(original) : initialKind;
  const [kind, setKind] = useState<FormKind>(storedKind === 'noKnownAllergies' ? 'allergy' : storedKind);
  const [descr, setDescr] = useState(asString(original?.descr));
  const [agent, setAgent] = useState(
    asString(original?.agent) || (storedKind === 'problem' ? '' : asString(original?.descr)),
  );
  const [reaction, setReaction] = useState(asString(original?.reaction));
  const [severity, setSeverity] = useState(asString(original?.severity));
  const [opening, setOpening] = useState(showFuzzyDateTime(original?.openingDate));
  const [note, setNote] = useState(asString(original?.note));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const isAllergy = kind !== 'problem';
  const [initial] = useState(() => JSON.stringify([kind, descr, agent, reaction, severity, opening, note]));
  const dirty = JSON.stringify([kind, descr, agent, reaction, severity, opening, note]) !== initial;
  const question = t('he.leaveQuestion');
  useLeaveGuard(dirty, { question });
  const cancel = () => {
    if (!dirty || window.confirm(question)) onDone();
  };

  const submit = async () => {
    const errors: Record<string, string> = {};
    if (!isAllergy && !descr.trim()) errors.descr = t('he.errors.descr');
    if (isAllergy && !agent.trim()) errors.agent = t('he.errors.agent');
    const openingDate = opening.trim() ? parseLooseDateTime(opening) : undefined;
    if (opening.trim() && openingDate === undefined) errors.openingDate = t('he.errors.date');
    setFields(errors);
    if (Object.keys(errors).length > 0) return;
    // Start from the stored document: fields this form does not show are sent back as they were.
    const doc: Record<string, unknown> = original ? { ...original } : { type: 'healthElement', patientId };
    const otherTags = asArray(doc.tags).filter((x) => asString(asObject(x).type).toUpperCase() !== HE_KIND_TYPE);
    doc.tags = [...otherTags, kindTag(kind)];
    doc.descr = isAllergy ? agent.trim() : descr.trim();
    const set = (key: string, value: string | number | undefined) => {
      if (value === undefined || value === '') delete doc[key];
      else doc[key] = value;
    };
    set('agent', isAllergy ? agent.trim() : undefined);
    set('reaction', isAllergy ? reaction.trim() : undefined);
    set('severity', isAllergy ? severity : undefined);
    set('openingDate', openingDate);
    set('note', note.trim());
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
        if (isAllergy) await closeNoKnownAllergies();
        await useChart.getState().reload();
        onDone();
      },
    );
  };

  const kinds = (['problem', 'allergy', 'intolerance'] as const).map((k) => ({ value: k, label: t(`he.kind.${k}`) }));
  const severities = [
    { value: '', label: t('he.severityUnknown') },
    ...ALLERGY_SEVERITIES.map((s) => ({ value: s, label: t(`allergy.severity.${s}`) })),
  ];
  return (
    <form
      className="inline-editor"
      aria-label={original ? t('he.editForm') : t('he.newForm')}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={editorKeys(() => void submit(), cancel)}
      noValidate
    >
      <div className="grid2">
        <SelectField label={t('he.kindLabel')} value={kind} options={kinds} onChange={(v) => setKind(v as FormKind)} />
        <TextField
          label={t('he.since')}
          hint={t('he.sinceHint')}
          value={opening}
          error={fields.openingDate}
          onChange={setOpening}
        />
      </div>
      {isAllergy ? (
        <div className="grid2">
          <TextField
            label={t('he.agent')}
            hint={t('he.agentHint')}
            value={agent}
            error={fields.agent ?? fields.descr}
            onChange={setAgent}
            autoFocus
          />
          <TextField label={t('he.reaction')} value={reaction} error={fields.reaction} onChange={setReaction} />
          <SelectField
            label={t('he.severity')}
            value={severity}
            options={severities}
            error={fields.severity}
            onChange={setSeverity}
          />
        </div>
      ) : (
        <TextField label={t('he.problem')} value={descr} error={fields.descr} onChange={setDescr} autoFocus />
      )}
      <TextField label={t('he.note')} multiline value={note} error={fields.note} onChange={setNote} />
      <FormMessage message={message} />
      <SaveCancel
        saving={saving}
        save={t('he.save')}
        savingLabel={t('saving')}
        cancel={t('cancel')}
        onCancel={cancel}
      />
    </form>
  );
}
