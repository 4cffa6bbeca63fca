// The signed-in user's name as shown. Before the first server login the core writes as a
// placeholder user ('local', named "Local clinician" in English): that one is named in the UI's language.
import { fixedT } from '../i18n';

const t = fixedT('status');

export function shownUserName(info: { userId: string; userName: string }): string {
  return info.userId === 'local' ? t('localUser') : info.userName;
}
