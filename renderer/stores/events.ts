// Core events → stores. Bursts (sample loading, replication) are coalesced into one refresh.
import { api } from '../client';
import { useChart } from './chart';
import { useConflicts } from './conflicts';
import { useConnection } from './connection';
import { usePatients } from './patients';
import { useSamples } from './samples';
import { useSync } from './sync';
import { useApp } from './app';

const COALESCE_MS = 250;

export function wireEvents(): () => void {
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  let chartTimer: ReturnType<typeof setTimeout> | undefined;
  const offChanged = api.on('records.changed', ({ ids, types }) => {
    if (types.includes('patient')) {
      listTimer ??= setTimeout(() => {
        listTimer = undefined;
        usePatients.getState().refresh();
      }, COALESCE_MS);
    }
    const chart = useChart.getState();
    const touchesChart =
      chart.patientId !== undefined &&
      (ids.includes(chart.patientId) || types.some((t) => t === 'contact' || t === 'healthElement'));
    if (touchesChart) {
      chartTimer ??= setTimeout(() => {
        chartTimer = undefined;
        void useChart.getState().reload();
      }, COALESCE_MS);
    }
  });
  const offConflicts = api.on('conflicts.changed', ({ count, newIds }) =>
    useConflicts.getState().changed(count, newIds),
  );
  const offSync = api.on('sync.status', (status) => useSync.getState().setStatus(status));
  const offProgress = api.on('samples.progress', ({ done, total }) => useSamples.getState().progress(done, total));
  // Its end comes with a records.changed for what it indexed: the lists refresh then.
  const offIndexing = api.on('index.progress', (progress) => useApp.getState().setIndexing(progress));
  // After a reconnect (the host may have restarted) everything shown may be out of date. The first
  // connection needs nothing: the app's first loads are already queued behind it.
  const offConnection = useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state === 'disconnected') {
      void useApp.getState().load();
      usePatients.getState().refresh();
      void useChart.getState().reload();
      void useConflicts.getState().refresh();
      void useSync.getState().load();
    }
  });
  // The network is back: tell the sync engine to retry now rather than after its back-off.
  const onOnline = () => void api.call('sync.networkChanged', {}).catch(() => undefined);
  window.addEventListener('online', onOnline);
  return () => {
    window.removeEventListener('online', onOnline);
    offChanged();
    offProgress();
    offIndexing();
    offConflicts();
    offSync();
    offConnection();
  };
}
