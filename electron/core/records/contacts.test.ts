// Contact saves on a real core (leveldb on disk), every call through dispatch() as the renderer
// makes it: impossible measures refused, unusual ones only when confirmed, a correction keeping the
// earlier value in the record's history, a fact entered in error kept and never removable.
import { openSignedIn } from '../../testing/people';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordView } from '../../../shared/contract/contract';
import type { Result } from '../../../shared/contract/errors';
import { fileSecretStore } from '../../host/file-secrets';
import { tempDir } from '../../testing/temp';
import type { CoreParts } from '../core';
import { dispatch } from '../dispatch';
import type { Core } from '../types';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

let parts: CoreParts;
async function start(): Promise<Core> {
  const t = await tempDir();
  cleanup.push(t.remove);
  const opened = await openSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
  cleanup.push(() => opened.core.close());
  parts = opened.parts;
  return opened.core;
}

const loinc = (code: string) => [{ type: 'LOINC', code, version: '2.76' }];
const measure = (id: string, code: string, value: number, unit: string) => ({
  id,
  label: code,
  codes: loinc(code),
  content: { en: { measureValue: { value, unit } } },
});
const bp = (sys: number, dia: number) => [measure('sys', '8480-6', sys, 'mmHg'), measure('dia', '8462-4', dia, 'mmHg')];

async function call(core: Core, name: string, input: unknown): Promise<Result<RecordView>> {
  return (await dispatch(core.handlers, name, input)) as Result<RecordView>;
}

async function newPatient(core: Core): Promise<string> {
  const r = await call(core, 'records.save', { doc: { type: 'patient', firstName: 'Ilse', lastName: 'Demo' } });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.doc._id;
}

const contact = (patientId: string, services: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'contact',
  patientId,
  openingDate: 20261202101500,
  services,
  ...extra,
});

describe('contact save', () => {
  it('refuses an impossible measure by either call, naming the field, and saves nothing', async () => {
    const core = await start();
    const patientId = await newPatient(core);
    for (const name of ['contacts.save', 'records.save']) {
      const r = await call(core, name, {
        doc: contact(patientId, [...bp(1280, 82), measure('t', '8310-5', 373, '°C')]),
      });
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation');
        expect(r.error.fields?.['services.0.content.en.measureValue.value']).toMatch(/impossible.*40 and 300/);
        expect(r.error.fields?.['services.2.content.en.measureValue.value']).toMatch(/impossible.*30 and 45/);
      }
    }
    // Even confirmed, an impossible value is not saved.
    const confirmed = await call(core, 'contacts.save', {
      doc: contact(patientId, bp(1280, 82)),
      confirmedMeasures: ['systolic'],
    });
    expect(confirmed.ok).toBe(false);
    expect((await core.handlers['chart.open']({ patientId })).contacts).toHaveLength(0);
  });

  it('saves an unusual measure only with its confirmation', async () => {
    const core = await start();
    const patientId = await newPatient(core);
    const doc = contact(patientId, [measure('t', '8310-5', 33.5, '°C')]);
    const plain = await call(core, 'records.save', { doc });
    expect(plain).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!plain.ok) expect(plain.error.fields?.['services.0.content.en.measureValue.value']).toMatch(/unusual.*confirm/);
    const wrongOne = await call(core, 'contacts.save', { doc, confirmedMeasures: ['weight'] });
    expect(wrongOne.ok).toBe(false);
    const ok = await call(core, 'contacts.save', { doc, confirmedMeasures: ['temperature'] });
    expect(ok.ok).toBe(true);
    expect((await core.handlers['chart.open']({ patientId })).contacts).toHaveLength(1);
  });

  it('corrects a contact: the new value is current, the earlier one stays in the history with who and where', async () => {
    const core = await start();
    const patientId = await newPatient(core);
    const first = await call(core, 'contacts.save', { doc: contact(patientId, bp(128, 82)) });
    if (!first.ok) throw new Error(first.error.message);
    const services = bp(138, 82);
    const fixed = await call(core, 'contacts.save', { doc: { ...first.value.doc, services } });
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.error));
    expect(fixed.value.doc._id).toBe(first.value.doc._id);
    expect(fixed.value.doc._rev).toMatch(/^2-/);

    const history = await core.handlers['records.history']({ id: first.value.doc._id });
    expect(history.revisions.map((r) => r.rev)).toEqual([fixed.value.doc._rev, first.value.doc._rev]);
    const latest = history.revisions[0]!;
    expect(latest).toMatchObject({ available: true, author: first.value.doc.author, device: first.value.doc.device });
    const change = latest.changes.find((c) => c.field === 'services');
    expect(JSON.stringify(change?.before)).toContain('"value":128');
    expect(JSON.stringify(change?.after)).toContain('"value":138');
    // A stale revision is refused: the correction is made on what the person saw.
    const stale = await call(core, 'contacts.save', { doc: { ...first.value.doc, services: bp(140, 90) } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('marks a fact entered in error: kept, with who and when; never removed, never unmarked by a save', async () => {
    const core = await start();
    const patientId = await newPatient(core);
    const first = await call(core, 'contacts.save', {
      doc: contact(patientId, [...bp(128, 82), measure('w', '29463-7', 80, 'kg')]),
    });
    if (!first.ok) throw new Error(first.error.message);
    const { _id: id, _rev: rev } = first.value.doc;
    const marked = await call(core, 'contacts.enterInError', { id, rev, serviceId: 'w', reason: 'other patient' });
    if (!marked.ok) throw new Error(JSON.stringify(marked.error));
    const services = marked.value.doc.services as Array<Record<string, unknown>>;
    expect(services).toHaveLength(3);
    expect(services[2]).toMatchObject({ id: 'w', content: { en: { measureValue: { value: 80 } } } });
    expect(services[2]!.enteredInError).toMatchObject({ by: marked.value.doc.author, reason: 'other patient' });
    expect(typeof (services[2]!.enteredInError as { at: unknown }).at).toBe('number');

    const current = marked.value.doc;
    // Dropping a fact is refused; so is marking one by a plain save.
    const dropped = await call(core, 'contacts.save', { doc: { ...current, services: services.slice(0, 2) } });
    expect(dropped).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { services: expect.stringMatching(/entered in error/) } },
    });
    const byHand = services.map((s) => (s.id === 'sys' ? { ...s, enteredInError: { by: 'mallory', at: 1 } } : s));
    expect((await call(core, 'contacts.save', { doc: { ...current, services: byHand } })).ok).toBe(false);
    // A save that tries to unmark or change the marked fact keeps it exactly as marked.
    const unmarked = services.map((s) => {
      const { enteredInError, ...rest } = s;
      void enteredInError;
      return s.id === 'w' ? { ...rest, content: { en: { measureValue: { value: 81, unit: 'kg' } } } } : s;
    });
    const saved = await call(core, 'contacts.save', { doc: { ...current, descr: 'Follow-up', services: unmarked } });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    expect((saved.value.doc.services as unknown[])[2]).toEqual(services[2]);
    expect(saved.value.doc.descr).toBe('Follow-up');
  });

  it('keeps an older contact editable: a stored value out of today’s limits is not judged again', async () => {
    const core = await start();
    const patientId = await newPatient(core);
    const first = await call(core, 'contacts.save', { doc: contact(patientId, bp(128, 82)) });
    if (!first.ok) throw new Error(first.error.message);
    // Written before the rules existed (the 1280/82): straight into the database.
    const put = await parts.db.put({ ...first.value.doc, services: bp(1280, 82) });
    const old = (await core.handlers['records.get']({ id: put.id })).doc;
    const marked = await call(core, 'contacts.enterInError', { id: old._id, rev: old._rev, serviceId: 'sys' });
    if (!marked.ok) throw new Error(JSON.stringify(marked.error));
    const described = await call(core, 'contacts.save', {
      doc: { ...marked.value.doc, descr: 'Typed 1280 by mistake' },
    });
    expect(described.ok).toBe(true);
    // A new value typed into it is judged, though.
    const services = (marked.value.doc.services as Array<Record<string, unknown>>).map((s) =>
      s.id === 'dia' ? { ...s, content: { en: { measureValue: { value: 820, unit: 'mmHg' } } } } : s,
    );
    const r = await call(core, 'contacts.save', { doc: { ...(described.ok ? described.value.doc : {}), services } });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
