// The person at this workstation, for naming versions: the login from the sync settings (the
// app info's user until one is set), the workstation id from the app info.
import { useMemo } from 'react';
import { useApp } from '../stores/app';
import { useSync } from '../stores/sync';
import type { Viewer } from './versions';

export function useViewer(): Viewer {
  const info = useApp((s) => s.info);
  const login = useSync((s) => s.settings?.username);
  return useMemo(() => {
    const username = login || info?.userId;
    // The app info is read once at start: its name is the user's only while its login is theirs.
    const displayName = info && info.userId === username && info.userId !== 'local' ? info.userName : undefined;
    return { username, deviceId: info?.deviceId, displayName, localName: info?.userName };
  }, [info, login]);
}
