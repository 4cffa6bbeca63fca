// The IPC contract: every call and event between the renderer and the core, in one table.
// The preload, the main-process handlers, the browser bridge and the renderer client are all
// derived from it. Adding a call is one entry here plus its handler in electron/core/handlers.
import { z } from 'zod';
import { DuplicateCandidate } from './errors';
import { SYNC_ERROR_REASONS } from '../sync/status';
import { Drafts, RecordDraft, RecordType } from '../records/schemas';
import { MEASURE_CODES } from '../clinical/measures';
import { measureJson } from '../records/limits';
import {
  AccessLogPageSchema,
  FieldChangeSchema,
  MergePlanSchema,
  SessionStateSchema,
  StoredDocSchema,
  SyncStatusSchema,
} from './outputs';
import { DbName, Password, ServerUrl, SyncSettingsView, UserName } from './connection';
import { AppInfo, IndexProgress } from './app';

const id = z.string().min(1).max(200);
/** A stored document as it is: possibly from another client, possibly not matching our schema. */
const Doc = StoredDocSchema;

export const RecordView = z.object({
  doc: Doc,
  /** Set when the stored document fails its schema: field → message. Shown, never "fixed". */
  invalid: z.record(z.string(), z.string()).exactOptional(),
  /** Number of conflicting revisions hidden behind the winner. */
  conflicts: z.number().int(),
});
export type RecordView = z.infer<typeof RecordView>;

/** A row of the patient list: what tells a patient apart (as a duplicate's candidate), and its state. */
export const PatientSummary = DuplicateCandidate.extend({ active: z.boolean(), invalid: z.boolean() });
export type PatientSummary = z.infer<typeof PatientSummary>;

export const BranchSummary = z.object({
  rev: z.string(),
  winner: z.boolean(),
  deleted: z.boolean(),
  author: z.string().exactOptional(),
  device: z.string().exactOptional(),
  modified: z.number().exactOptional(),
});
export const InboxEntry = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  /** the record's naming fields (names, dates, description), so the UI words its title in the user's language */
  about: z.record(z.string(), z.union([z.string(), z.number()])).exactOptional(),
  patientId: z.string().exactOptional(),
  branches: z.array(BranchSummary),
});
export type InboxEntry = z.infer<typeof InboxEntry>;

/** A merge choice for one node of the plan (see shared/conflicts). */
export const MergeChoice = z.union([
  z.object({ from: z.literal('branch'), rev: z.string().min(1).max(200) }).strict(),
  z.object({ from: z.literal('ancestor') }).strict(),
  z.object({ from: z.literal('value'), value: z.json().exactOptional() }).strict(),
  z.object({ from: z.literal('merge') }).strict(),
]);

export const RevisionRow = z.object({
  rev: z.string(),
  available: z.boolean(),
  author: z.string().exactOptional(),
  device: z.string().exactOptional(),
  modified: z.number().exactOptional(),
  changes: z.array(FieldChangeSchema),
});

export { SyncSettingsView };
export { SyncStatusSchema };

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

/** A form's draft: "contact:new:<patientId>", "contact:<contactId>", "patient:new"… */
const DraftKey = z.string().regex(/^[a-z][a-zA-Z]{0,30}(:[A-Za-z0-9_-]{1,100}){0,3}$/, 'not a draft key');
/** A form's values as typed; capped, as a draft is a form and not a record. */
export const DRAFT_MAX_BYTES = 64_000;
const DraftValue = z
  .record(z.string().max(100), z.json())
  .refine((v) => measureJson(v, 20, DRAFT_MAX_BYTES).bytes <= DRAFT_MAX_BYTES, 'a draft holds at most 64 KB');

export const calls = {
  'app.info': call(z.object({}).strict(), AppInfo),
  /** How far the indexes' catch-up at start is (counts only: answered before sign-in too). */
  'app.indexing': call(z.object({}).strict(), IndexProgress),
  'patients.search': call(
    z
      .object({
        query: z.string().max(200),
        offset: z.number().int().min(0).max(10_000_000),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(PatientSummary) }),
  ),
  'records.get': call(z.object({ id }).strict(), RecordView),
  'records.save': call(z.object({ doc: RecordDraft }).strict(), RecordView),
  /**
   * Saves a patient. Refused with 'duplicate' when another patient has the SSIN, and with
   * 'possible-duplicate' (candidates in the error) for the same name and date of birth unless
   * `confirmDuplicate`. records.save applies the same checks to patients, never confirmed.
   */
  'patients.save': call(
    z.object({ doc: Drafts.patient, confirmDuplicate: z.boolean().default(false) }).strict(),
    RecordView,
  ),
  /** Closes a clinical record (health element, contact) or ends a patient's file: never deletes. */
  'records.close': call(
    z.object({ id, rev: z.string().min(1), closingDate: z.number().int().optional() }).strict(),
    RecordView,
  ),
  /** Saves a contact; `confirmedMeasures`: the unusual values the person confirmed (shared/clinical/measures.ts). */
  'contacts.save': call(
    z.object({ doc: Drafts.contact, confirmedMeasures: z.array(z.enum(MEASURE_CODES)).max(20).default([]) }).strict(),
    RecordView,
  ),
  /** Marks one service of a contact "entered in error": kept, shown struck out, never deleted. */
  'contacts.enterInError': call(
    z
      .object({ id, rev: z.string().min(1).max(200), serviceId: id, reason: z.string().trim().max(500).optional() })
      .strict(),
    RecordView,
  ),
  /** What a form holds unsaved, kept by the core in a `_local/` document (never replicated). */
  'drafts.get': call(
    z.object({ key: DraftKey }).strict(),
    z.object({ value: z.record(z.string(), z.json()), savedAt: z.number(), author: z.string() }).nullable(),
  ),
  'drafts.put': call(z.object({ key: DraftKey, value: DraftValue }).strict(), z.object({ savedAt: z.number() })),
  'drafts.clear': call(z.object({ key: DraftKey }).strict(), z.object({})),
  'chart.open': call(
    z.object({ patientId: id }).strict(),
    z.object({ patient: RecordView, contacts: z.array(RecordView), healthElements: z.array(RecordView) }),
  ),
  'samples.load': call(
    z
      .object({ patients: z.number().int().min(1).max(100_000), contactsPerPatient: z.number().int().min(0).max(100) })
      .strict(),
    z.object({ patients: z.number().int(), contacts: z.number().int(), healthElements: z.number().int() }),
  ),
  'conflicts.list': call(z.object({}).strict(), z.object({ count: z.number().int(), items: z.array(InboxEntry) })),
  'conflicts.open': call(
    z.object({ id }).strict(),
    z.object({ entry: InboxEntry, plan: MergePlanSchema, ancestorSource: z.enum(['revisions', 'base-copy', 'none']) }),
  ),
  /** `revs`: the branches the person saw; if another arrived meanwhile nothing is written. */
  'conflicts.resolve': call(
    z
      .object({
        id,
        revs: z.array(z.string().min(1).max(200)).min(2).max(100),
        choices: z.record(z.string().max(1000), MergeChoice),
      })
      .strict(),
    z.object({ rev: z.string(), resolutionId: z.string() }),
  ),
  /** Who changed a record, when, where and what; and the conflicts resolved on it. */
  'records.history': call(
    z.object({ id }).strict(),
    z.object({ revisions: z.array(RevisionRow), resolutions: z.array(RecordView) }),
  ),
  /** Records that fail their schema (kept as they are): for the sync panel. */
  'records.invalid': call(
    z.object({ limit: z.number().int().min(1).max(1000) }).strict(),
    z.object({
      count: z.number().int(),
      items: z.array(z.object({ id: z.string(), type: z.string(), fields: z.record(z.string(), z.string()) })),
    }),
  ),
  'sync.settings': call(z.object({}).strict(), SyncSettingsView),
  /** Saves the connection (the password only when given) and reconnects. */
  'sync.saveSettings': call(
    z
      .object({
        serverUrl: ServerUrl,
        db: DbName,
        username: UserName,
        password: Password.optional(),
        enabled: z.boolean(),
      })
      .strict(),
    SyncSettingsView,
  ),
  /** Checks a connection without saving it; without a password, the stored one is used. */
  'sync.testConnection': call(
    z.object({ serverUrl: ServerUrl, db: DbName, username: UserName, password: Password.optional() }).strict(),
    z.union([
      z.object({ ok: z.literal(true), serverVersion: z.string(), user: z.string() }),
      z.object({ ok: z.literal(false), reason: z.enum(SYNC_ERROR_REASONS), message: z.string() }),
    ]),
  ),
  'sync.status': call(z.object({}).strict(), SyncStatusSchema),
  /** Resolves only when a pull and a push begun after the call have both completed. */
  'sync.now': call(z.object({}).strict(), z.object({ pendingUp: z.number().int() })),
  'sync.pause': call(z.object({}).strict(), SyncStatusSchema),
  'sync.resume': call(z.object({}).strict(), SyncStatusSchema),
  /** The network or the machine is back (browser 'online', OS resume): retry now, not after the back-off. */
  'sync.networkChanged': call(z.object({}).strict(), z.object({})),
  /** One JSON text file for support: the app, the sync status and the diagnostics log (no patient data). */
  'diagnostics.export': call(z.object({}).strict(), z.object({ fileName: z.string(), content: z.string() })),
  /** Who is at the keyboard: signed out, signed in (who, role, since) or locked (who). */
  'session.state': call(z.object({}).strict(), SessionStateSchema),
  /**
   * Signs a person in (whoever was signed in is signed out first: "switch user"). The first time on
   * this workstation the practice server checks the password ('needs-server' when it cannot);
   * then this workstation can. Refused: 'wrong-password' or 'too-many-attempts' (error.attempts),
   * 'password-changed' (the server no longer accepts it), 'forbidden' (not a member).
   */
  'session.signIn': call(z.object({ username: UserName, password: Password }).strict(), SessionStateSchema),
  /** Locks the screen: who was signed in is kept, and only their password unlocks it. */
  'session.lock': call(z.object({}).strict(), SessionStateSchema),
  'session.unlock': call(z.object({ password: Password }).strict(), SessionStateSchema),
  'session.signOut': call(z.object({}).strict(), SessionStateSchema),
  /** Whether this workstation can be set up by its first person: nobody signed in here yet, no practice server set up. */
  'session.firstRun': call(z.object({}).strict(), z.object({ available: z.boolean() })),
  /**
   * Creates the workstation's first person (its owner: role doctor) and signs them in, checked here
   * from then on. Only while `session.firstRun` is available ('forbidden' otherwise); a password of
   * at least 8 characters ('validation', fields.password).
   */
  'session.setUp': call(z.object({ username: UserName, password: Password }).strict(), SessionStateSchema),
  /**
   * Who opened this patient's chart, records, merges or history, newest first (`before`: the
   * previous page's `next`). A doctor sees everyone's; others only their own.
   */
  'accessLog.forPatient': call(
    z
      .object({ patientId: id, limit: z.number().int().min(1).max(200), before: z.string().max(500).optional() })
      .strict(),
    AccessLogPageSchema,
  ),
  /** The signed-in person's own access log, newest first. */
  'accessLog.mine': call(
    z.object({ limit: z.number().int().min(1).max(200), before: z.string().max(500).optional() }).strict(),
    AccessLogPageSchema,
  ),
} as const;

export const events = {
  /** Documents changed in the local database (local writes and replication alike). */
  'records.changed': z.object({ ids: z.array(z.string()), types: z.array(RecordType.or(z.string())) }),
  'samples.progress': z.object({ done: z.number().int(), total: z.number().int() }),
  /** The number of conflicted records changed; `newIds` have just become conflicted. */
  'conflicts.changed': z.object({ count: z.number().int(), newIds: z.array(z.string()) }),
  'sync.status': SyncStatusSchema,
  /** The indexes' catch-up at start moved on, or ended (indexing: false). */
  'index.progress': IndexProgress,
  /** Who is at the keyboard changed (signed in, locked, unlocked, signed out, or locked by the core). */
  'session.changed': SessionStateSchema,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.infer<Calls[N]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.infer<Events[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** IPC channel names, derived so that no side ever spells one by hand. */
export const callChannel = (name: CallName) => `cw:call:${name}`;
export const eventChannel = (name: EventName) => `cw:event:${name}`;

/** The API the renderer sees, identical over Electron's preload and the browser bridge. */
export type ClinicApi = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
};
