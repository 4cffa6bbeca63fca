// The open patient's chart, reloaded when its records change (here or by replication); the
// window title names its patient.
import { create } from 'zustand';
import { HE_KIND_TYPE, NO_KNOWN_ALLERGY, allergyStatus, dayMonthYear } from '../../shared/clinical/summary';
import type { CallOutput } from '../../shared/contract/contract';
import { fuzzyDateTimeFromDate } from '../../shared/dates';
import type { RecordDraft } from '../../shared/records/schemas';
import { api } from '../client';
import { i18n } from '../i18n';
import { openPatientId, useNavigation } from './navigation';

export type ChartData = CallOutput<'chart.open'>;

type ChartState = {
  patientId: string | undefined;
  data: ChartData | undefined;
  loading: boolean;
  error: string | undefined;
  open(patientId: string): Promise<void>;
  reload(): Promise<void>;
};

let seq = 0;

export const useChart = create<ChartState>((set, get) => ({
  patientId: undefined,
  data: undefined,
  loading: false,
  error: undefined,
  async open(patientId) {
    const mine = ++seq;
    const same = get().patientId === patientId;
    set({ patientId, loading: true, error: undefined, ...(same ? {} : { data: undefined }) });
    try {
      const data = await api.call('chart.open', { patientId });
      if (mine === seq) set({ data, loading: false });
    } catch (err) {
      if (mine === seq) set({ loading: false, error: err instanceof Error ? err.message : String(err) });
    }
  },
  async reload() {
    const id = get().patientId;
    if (id) await get().open(id);
  },
}));

/** Close a clinical record (health element, contact) by its current revision, then refresh. */
export async function closeRecord(id: string, rev: string): Promise<void> {
  await api.call('records.close', { id, rev });
  await useChart.getState().reload();
}

/** Health element tags of the form's kinds (iCure's CD-ITEM); "no known allergies" also carries its code. */
export const kindTag = (code: string) => ({ type: HE_KIND_TYPE, code, version: '1' });

/**
 * Records "no known allergies" for the patient: an explicit entry (a clinician said so), not
 * the absence of one. Records are written in English; the screen names it by its code.
 */
export async function recordNoKnownAllergies(patientId: string): Promise<void> {
  const doc = {
    type: 'healthElement',
    patientId,
    descr: 'No known allergies',
    tags: [kindTag('allergy')],
    codes: [{ ...NO_KNOWN_ALLERGY }],
    openingDate: fuzzyDateTimeFromDate(new Date()),
  } satisfies RecordDraft;
  await api.call('records.save', { doc });
  await useChart.getState().reload();
}

/** An allergy was recorded: a standing "no known allergies" is no longer true, so it is closed. */
export async function closeNoKnownAllergies(): Promise<void> {
  const hes = useChart.getState().data?.healthElements ?? [];
  for (const { id, rev } of allergyStatus(hes.map((v) => v.doc)).noKnownAllergyIds) {
    // Best effort: the allergy is saved already (a failure here must not invite a second save),
    // and the banner no longer counts "no known allergies" beside an allergy anyway.
    await api.call('records.close', { id, rev }).catch(() => undefined);
  }
}

/**
 * The window title names the patient the screen is about (chart, contact editor, history…), so
 * a window seen in the task bar or beside another never hides whose record is open.
 */
function updateTitle(): void {
  if (typeof document === 'undefined') return;
  const app = i18n.t('common:appTitle');
  const id = openPatientId(useNavigation.getState().view);
  const { patientId, data } = useChart.getState();
  const p = id && patientId === id ? data?.patient.doc : undefined;
  const name = p
    ? `${typeof p.firstName === 'string' ? p.firstName : ''} ${typeof p.lastName === 'string' ? p.lastName : ''}`.trim()
    : '';
  const born = p ? dayMonthYear(p.dateOfBirth) : '';
  document.title = name ? `${name}${born ? ` (${born})` : ''} — ${app}` : app;
}
useChart.subscribe(updateTitle);
useNavigation.subscribe(updateTitle);
i18n.on('languageChanged', updateTitle);

/** No chart (the screen locked or the person signed out); a chart.open still on its way is dropped. */
export function resetChart(): void {
  seq++;
  useChart.setState(useChart.getInitialState(), true);
}
