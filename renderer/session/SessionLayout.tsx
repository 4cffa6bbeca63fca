// The frame of the screens shown while nobody is signed in (sign-in, lock): the app's name and the
// language picker (a person who does not read the current language still finds theirs), no data.
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';
import './session.css';

export function SessionLayout({ children }: { children: ReactNode }) {
  const { t } = useT('common');
  return (
    <div className="app session-screen">
      <header className="app-header">
        <h1>{t('appTitle')}</h1>
        <div className="app-header-tools">
          <LanguagePicker />
        </div>
      </header>
      <main className="session-main">{children}</main>
    </div>
  );
}
