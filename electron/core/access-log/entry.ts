// What an access log says, as the contract answers it; and the document written for one access.
import { ACCESS_ACTIONS, type AccessAction, type AccessLogEntry } from '../../../shared/contract/outputs';
import type { Identity } from '../store/identity';
import { accessLogId } from './ids';

export type Access = {
  action: AccessAction;
  /** The record opened (the patient for a chart). */
  objectId: string;
  /** Unknown for a history or a merge: read from the record when the batch is written. */
  patientId?: string;
  username: string;
  role: string;
  date: number;
};

/** In iCure's AccessLog shape: `user`, `patientId`, `objectId`, `date`, `accessType`, `detail`. */
export function accessLogDoc(
  a: Access & { patientId: string },
  who: Identity,
): Record<string, unknown> & { _id: string } {
  return {
    _id: accessLogId(a.patientId, a.date),
    type: 'accessLog',
    accessType: 'USER_ACCESS',
    user: a.username,
    patientId: a.patientId,
    objectId: a.objectId,
    date: a.date,
    detail: a.action,
    role: a.role,
    created: a.date,
    modified: a.date,
    // The server takes a new access log only from the person it names.
    author: a.username,
    device: who.deviceId,
  };
}

const ACTIONS: readonly string[] = ACCESS_ACTIONS;

/** The entry as the UI lists it; undefined for a document that is not a readable access log. */
export function toEntry(doc: Record<string, unknown>, deviceId: string): AccessLogEntry | undefined {
  if (doc.type !== 'accessLog' || typeof doc._id !== 'string' || typeof doc.user !== 'string') return undefined;
  if (typeof doc.date !== 'number') return undefined;
  const device = typeof doc.device === 'string' ? doc.device : '';
  const entry: AccessLogEntry = {
    id: doc._id,
    person: doc.user,
    action: ACTIONS.includes(String(doc.detail)) ? (doc.detail as AccessAction) : 'record.view',
    when: doc.date,
    workstation: device,
    thisWorkstation: device === deviceId,
  };
  if (typeof doc.role === 'string') entry.role = doc.role;
  if (typeof doc.patientId === 'string') entry.patientId = doc.patientId;
  if (typeof doc.objectId === 'string') entry.objectId = doc.objectId;
  return entry;
}
