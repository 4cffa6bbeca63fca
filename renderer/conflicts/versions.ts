// Who saved a version and where, in the words of the person looking: "your version — alice, this
// workstation, 19:37" / "bob's version — bob, workstation eb35…, 19:37". Decided from the
// version's author and device stamps against the signed-in user, never from which revision
// CouchDB happened to pick as winner.
import { formatDateTime, formatTime } from '../i18n/format';
import { t } from './tr';

/** The person at this workstation: the login (sync settings), the workstation id (app info). */
export type Viewer = {
  username?: string | undefined;
  deviceId?: string | undefined;
  /** the signed-in user's name, when the app knows one beyond the login */
  displayName?: string | undefined;
  /** who wrote this workstation's records before its first sign-in (the placeholder login "local") */
  localName?: string | undefined;
};

export type Stamped = {
  rev: string;
  author?: string | undefined;
  device?: string | undefined;
  modified?: number | undefined;
};

export type VersionName = {
  /** "your version", "bob's version" */
  short: string;
  /** "alice, this workstation, 19:37" */
  detail: string;
  yours: boolean;
};
export type VersionNames = ReadonlyMap<string, VersionName>;

/** The login the workstation writes before its first server sign-in (electron/core/records/adopt.ts). */
const PLACEHOLDER_USER = 'local';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Saved here by the person signed in: this device, and this user when both sides know the user. */
export function isYours(v: Omit<Stamped, 'rev'>, viewer: Viewer): boolean {
  const sameUser = (a: string | undefined) =>
    !a || !viewer.username || a === viewer.username || (a === PLACEHOLDER_USER && v.device === viewer.deviceId);
  if (v.device && viewer.deviceId) return v.device === viewer.deviceId && sameUser(v.author);
  return !!v.author && !!viewer.username && v.author === viewer.username;
}

/** An author's name: the signed-in user's own name, a login as it is, never "local". */
export function authorName(author: string | undefined, device: string | undefined, viewer: Viewer): string {
  if (!author) return t('conflicts:who.unknown');
  if (author === PLACEHOLDER_USER) {
    return device && device === viewer.deviceId && viewer.localName
      ? viewer.localName
      : t('conflicts:who.beforeSignIn');
  }
  return author === viewer.username && viewer.displayName ? viewer.displayName : author;
}

/** "this workstation", "workstation eb35…" (ids are UUIDs: their start tells them apart), "ws-beta". */
export function deviceWords(device: string | undefined, viewer: Viewer): string {
  if (!device) return t('conflicts:where.unknown');
  if (device === viewer.deviceId) return t('conflicts:where.here');
  return t('conflicts:where.other', { device: UUID.test(device) ? `${device.slice(0, 4)}…` : device });
}

/** "19:37" today, "01/12/2026 19:37" before; '' when not a time. */
export function whenWords(ms: number | undefined, now = Date.now()): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return d.toDateString() === new Date(now).toDateString() ? formatTime(d) : formatDateTime(d);
}

/** "alice, this workstation, 19:37". */
export function whoWhere(v: Omit<Stamped, 'rev'>, viewer: Viewer, now = Date.now()): string {
  const parts = [authorName(v.author, v.device, viewer), deviceWords(v.device, viewer), whenWords(v.modified, now)];
  return parts.filter(Boolean).join(', ');
}

/**
 * A name per version, in the order given. Two versions that would read the same (bob on two
 * workstations) are told apart by their workstation, then by a number.
 */
export function nameVersions(versions: readonly Stamped[], viewer: Viewer, now = Date.now()): VersionNames {
  const base = versions.map((v) => {
    const yours = isYours(v, viewer);
    const short = yours
      ? t('conflicts:version.yours')
      : v.author
        ? t('conflicts:version.of', { name: authorName(v.author, v.device, viewer) })
        : t('conflicts:version.other');
    return { v, yours, short };
  });
  const count = (s: string) => base.filter((b) => b.short === s).length;
  const withDevice = base.map((b) =>
    count(b.short) > 1 && !b.yours && b.v.device
      ? { ...b, short: `${b.short} (${deviceWords(b.v.device, viewer)})` }
      : b,
  );
  const seen = new Map<string, number>();
  const out = new Map<string, VersionName>();
  for (const b of withDevice) {
    const dup = withDevice.filter((x) => x.short === b.short).length > 1;
    const n = (seen.get(b.short) ?? 0) + 1;
    seen.set(b.short, n);
    out.set(b.v.rev, {
      short: dup ? `${b.short} ${n}` : b.short,
      detail: whoWhere(b.v, viewer, now),
      yours: b.yours,
    });
  }
  return out;
}

/** The short name of a revision, or a neutral word when the map lacks it. */
export function shortName(names: VersionNames, rev: string): string {
  return names.get(rev)?.short ?? t('conflicts:version.other');
}
