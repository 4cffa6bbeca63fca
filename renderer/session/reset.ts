// Every store back to its initial state when nobody is signed in any more (locked, signed out,
// switched): nothing of a patient stays in the renderer's memory for the next person to find.
// The connection store is left alone: it holds no patient data, only whether the core answers,
// and the transport sets it on a change only (a reset would show "connecting" while connected).
import { useApp } from '../stores/app';
import { resetChart } from '../stores/chart';
import { resetConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { resetPatients } from '../stores/patients';
import { useSamples } from '../stores/samples';
import { useSync } from '../stores/sync';

export function resetStores(): void {
  resetPatients();
  resetChart();
  resetConflicts();
  // Each store's own initial state, actions included (replace: no key of the old state survives).
  useNavigation.setState(useNavigation.getInitialState(), true);
  useSamples.setState(useSamples.getInitialState(), true);
  useSync.setState(useSync.getInitialState(), true);
  useApp.setState(useApp.getInitialState(), true);
}
