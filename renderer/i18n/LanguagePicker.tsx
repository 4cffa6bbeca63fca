// The language setting: a picker that switches the whole UI at once and is remembered on this
// workstation. Each language is named in itself (Français, Nederlands, English), so someone who
// does not read the current one still finds theirs.
import { useId } from 'react';
import { LANGUAGES, currentLanguage, isLanguage, setLanguage, useT } from './index';
import './LanguagePicker.css';

export function LanguagePicker({ className }: { className?: string }) {
  const { t, i18n } = useT('common');
  const id = useId();
  const value = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  return (
    <div className={`language-picker ${className ?? ''}`}>
      <label htmlFor={id}>{t('language')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
