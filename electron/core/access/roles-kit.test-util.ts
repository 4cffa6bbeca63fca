// A core on a temp folder whose sync settings name the practice server (sync off), with a doctor,
// a nurse and a secretary who sign in through the core's session calls; every call goes through
// dispatch() as the renderer makes it.
import type { CallInput, CallName, CallOutput, RecordView } from '../../../shared/contract/contract';
import type { ContractError } from '../../../shared/contract/errors';
import { fileSecretStore } from '../../host/file-secrets';
import type { PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { openCore, type CoreParts } from '../core';
import { dispatch } from '../dispatch';
import type { Core } from '../types';

export type People = { doctor: string; nurse: string; secretary: string };
export const password = (name: string) => `${name}-pw`;

export async function addPeople(server: PracticeServer): Promise<People> {
  const p: People = {
    doctor: `dora-${process.pid}`,
    nurse: `nils-${process.pid}`,
    secretary: `sara-${process.pid}`,
  };
  await server.addMember(p.doctor, password(p.doctor), 'doctor');
  await server.addMember(p.nurse, password(p.nurse), 'nurse');
  await server.addMember(p.secretary, password(p.secretary), 'secretary');
  return p;
}

export type Desk = {
  core: Core;
  parts: CoreParts;
  /** The call's answer; fails the test with the error when refused. */
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** The call's typed error; fails the test when it is answered. */
  refused<N extends CallName>(name: N, input: CallInput<N>): Promise<ContractError>;
  signIn(username: string): Promise<void>;
  close(): Promise<void>;
};

export async function desk(server: PracticeServer, syncUser: string): Promise<Desk> {
  const t = await tempDir('cw-roles-');
  const { core, parts } = await openCore({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
  const call = (name: string, input: unknown) => dispatch(core.handlers, name, input);
  const d: Desk = {
    core,
    parts,
    async ok(name, input) {
      const r = await call(name, input);
      if (!r.ok) throw new Error(`${name} refused: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async refused(name, input) {
      const r = await call(name, input);
      if (r.ok) throw new Error(`${name} was answered, expected a refusal`);
      return r.error;
    },
    async signIn(username) {
      await d.ok('session.signIn', { username, password: password(username) });
    },
    async close() {
      await core.close();
      await t.remove();
    },
  };
  await d.ok('sync.saveSettings', {
    serverUrl: server.url,
    db: server.db,
    username: syncUser,
    password: password(syncUser),
    enabled: false,
  });
  return d;
}

const loinc = (code: string) => [{ type: 'LOINC', code, version: '2.76' }];
export const measure = (id: string, code: string, value: number, unit: string) => ({
  id,
  label: code,
  codes: loinc(code),
  content: { en: { measureValue: { value, unit } } },
});
export const medication = (id: string, product: string) => ({
  id,
  label: 'medication',
  content: { en: { medicationValue: { medicinalProduct: { intendedname: product } } } },
});

/** A doctor's patient with a note, a contact (a weight and a medication) and an open problem. */
export async function chartOf(d: Desk): Promise<{ patient: RecordView; contact: RecordView; problem: RecordView }> {
  const patient = await d.ok('patients.save', {
    doc: { type: 'patient', firstName: 'Ilse', lastName: `Rolle${process.pid}`, note: 'secret: seen for depression' },
  });
  const patientId = patient.doc._id;
  const contact = await d.ok('contacts.save', {
    doc: {
      type: 'contact',
      patientId,
      openingDate: 20261202101500,
      services: [measure('w1', '29463-7', 72, 'kg'), medication('m1', 'Sertraline 50 mg')],
    },
  });
  const problem = await d.ok('records.save', {
    doc: { type: 'healthElement', patientId, descr: 'Depression', openingDate: 20260101000000 },
  });
  return { patient, contact, problem };
}
