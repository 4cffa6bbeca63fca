// Layout: header, patient list on the left, chart or editor on the right, status bar at the bottom;
// all of it only while someone is signed in (SessionGate shows the sign-in or lock screen otherwise).
import { useEffect } from 'react';
import type { SessionState } from '../shared/contract/outputs';
import { ContactEditor } from './contacts/ContactEditor';
import { ConflictsInbox } from './conflicts/ConflictsInbox';
import { MergeScreen } from './conflicts/MergeScreen';
import { RecordHistory } from './chart/RecordHistory';
import { PatientChart } from './chart/PatientChart';
import { PatientForm } from './patients/PatientForm';
import { PatientList } from './patients/PatientList';
import { useApp } from './stores/app';
import { useT } from './i18n';
import { LanguagePicker } from './i18n/LanguagePicker';
import { useChart } from './stores/chart';
import { useConflicts } from './stores/conflicts';
import { wireEvents } from './stores/events';
import { useNavigation } from './stores/navigation';
import { usePatients } from './stores/patients';
import { ConnectionBanner } from './status/ConnectionBanner';
import { StatusBar } from './status/StatusBar';
import { useSync } from './stores/sync';
import { PasswordBanner, SyncSettingsButton } from './sync/SyncHeader';
import { SessionGate } from './session/SessionGate';
import { SessionHeader, useLockTriggers } from './session/SessionHeader';

export function App() {
  return <SessionGate>{(session) => <Workstation session={session} />}</SessionGate>;
}

/** The app of one signed-in session: mounted at sign-in or unlock, unmounted when it ends. */
function Workstation({ session }: { session: Extract<SessionState, { state: 'signed-in' }> }) {
  const { t } = useT('common');
  useLockTriggers();
  // Per session: events wired and everything loaded at each sign-in or unlock.
  useEffect(() => {
    const off = wireEvents();
    void useApp.getState().load();
    usePatients.getState().refresh();
    void useConflicts.getState().refresh();
    void useSync.getState().load();
    return off;
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <div className="app-header-tools">
          <SessionHeader session={session} />
          <LanguagePicker />
          <SyncSettingsButton />
        </div>
      </header>
      <ConnectionBanner />
      <PasswordBanner />
      <main className="app-main">
        <PatientList />
        <section className="detail-pane" aria-label={t('patientDetails')}>
          <Detail />
        </section>
      </main>
      <StatusBar />
    </div>
  );
}

function Detail() {
  const { t } = useT('common');
  const view = useNavigation((s) => s.view);
  switch (view.kind) {
    case 'none':
      return <p className="placeholder muted">{t('choosePatient')}</p>;
    case 'chart':
      return <PatientChart patientId={view.patientId} />;
    case 'newPatient':
      return <PatientForm key="new" />;
    case 'editPatient':
      return <EditPatient patientId={view.patientId} />;
    case 'newContact':
      return <ContactEditor key={view.patientId} patientId={view.patientId} />;
    case 'editContact':
      return <ContactEditor key={view.contactId} patientId={view.patientId} contactId={view.contactId} />;
    case 'conflicts':
      return <ConflictsInbox />;
    case 'merge':
      return <MergeScreen key={view.id} id={view.id} patientId={view.patientId} />;
    case 'history':
      return <RecordHistory key={view.id} id={view.id} patientId={view.patientId} title={view.title} />;
  }
}

function EditPatient({ patientId }: { patientId: string }) {
  const { t } = useT('common');
  const chart = useChart();
  useEffect(() => {
    if (chart.patientId !== patientId) void chart.open(patientId);
  }, [patientId, chart]);
  const view = chart.patientId === patientId ? chart.data?.patient : undefined;
  if (!view) return <p className="muted">{t('opening')}</p>;
  // Keyed by revision: a save elsewhere gives a fresh form rather than a stale one.
  return <PatientForm key={view.doc._rev} view={view} />;
}
