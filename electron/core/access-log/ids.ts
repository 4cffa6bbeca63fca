// An access log's id is its index: `accessLog:<patientId>:<time>:<random>`, so one patient's
// entries are one key range of the database's primary index, newest last (read descending).
// The time is zero-padded epoch ms, so ids sort as times do.
import { randomBytes } from 'node:crypto';

export const PREFIX = 'accessLog:';
const TIME_WIDTH = 15;

export function accessLogId(patientId: string, date: number): string {
  return `${PREFIX}${patientId}:${String(date).padStart(TIME_WIDTH, '0')}:${randomBytes(6).toString('hex')}`;
}

/** The key range of one patient's entries. */
export function patientRange(patientId: string): { low: string; high: string } {
  return { low: `${PREFIX}${patientId}:`, high: `${PREFIX}${patientId}:\uffff` };
}

/**
 * The part of an id that orders entries across patients ("<time>:<random>"): read from the end,
 * as a patient id may hold ':'. Undefined when the id is not ours.
 */
export function timeKey(id: string): string | undefined {
  if (!id.startsWith(PREFIX)) return undefined;
  const parts = id.split(':');
  const rand = parts.at(-1);
  const time = parts.at(-2);
  if (parts.length < 4 || !rand || !time || time.length !== TIME_WIDTH) return undefined;
  return `${time}:${rand}`;
}
