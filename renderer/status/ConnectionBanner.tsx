// A clear banner while the renderer cannot reach the workstation core.
import { useConnection } from '../stores/connection';

export function ConnectionBanner() {
  const state = useConnection((s) => s.state);
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <div className="banner" role="alert">
      {state === 'no-token'
        ? 'This page was opened without its access token. Open the address the workstation host printed (it ends in ?token=…).'
        : 'Connection to the workstation lost. Reconnecting… Changes you make now are not saved until it is back.'}
    </div>
  );
}
