// A clear banner while the renderer cannot reach the workstation core.
import { useT } from '../i18n';
import { useConnection } from '../stores/connection';

export function ConnectionBanner() {
  const { t } = useT('status');
  const state = useConnection((s) => s.state);
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <div className="banner" role="alert">
      {state === 'no-token' ? t('banner.noToken') : t('banner.lost')}
    </div>
  );
}
