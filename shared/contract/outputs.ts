// Output schemas for the answers the core builds from its own TypeScript types: stored documents,
// the sync status, the merge plan and the field changes of a record's history. dispatch() checks
// every answer against its call's output schema under test, so these describe what the core
// really sends; each is checked against its type both ways at compile time (OutputTypesAgree), so
// a type and its schema cannot drift apart. Where they carry record values they are loose
// (z.json(), unknown fields kept): documents cross the boundary as they are stored.
import { z } from 'zod';
import {
  RECORD_PATH,
  type BranchDoc,
  type BranchInfo,
  type FieldChange,
  type FieldNode,
  type ItemNode,
  type ListNode,
  type MergePlan,
  type StampRow,
  type ValueNode,
} from '../conflicts';
import { SYNC_ERROR_REASONS, type SyncEvent, type SyncStatus } from '../sync/status';
import { ROLES } from '../auth/roles';

/** A stored document as it is: possibly from another client, possibly not matching our schema. */
export type StoredDoc = Record<string, unknown> & { _id: string; _rev: string; type?: string };
const StoredDocShape = z.looseObject({ _id: z.string(), _rev: z.string(), type: z.string().exactOptional() });
export const StoredDocSchema: z.ZodType<StoredDoc> = StoredDocShape;

// ---- Sync status (shared/sync/status.ts) ----

const SYNC_EVENT_TYPES = [
  'started',
  'stopped',
  'connecting',
  'active',
  'idle',
  'pull-progress',
  'pending-up',
  'up-to-date',
  'offline',
  'error',
  'paused',
  'resumed',
  'docs-rejected',
  'issues',
  'local-only',
  'restored',
] as const;

const SyncErrorReason = z.enum(SYNC_ERROR_REASONS);
const count = z.number().int().min(0);
const RecordIssues = z.object({ count, reason: z.string().nullable(), ids: z.array(z.string()) });

const SyncStatusShape = z.object({
  phase: z.discriminatedUnion('state', [
    z.object({ state: z.literal('disabled') }),
    z.object({ state: z.literal('connecting') }),
    z.object({ state: z.literal('syncing'), directions: z.array(z.enum(['push', 'pull'])) }),
    z.object({ state: z.literal('upToDate') }),
    z.object({
      state: z.literal('offline'),
      since: z.number(),
      nextRetryAt: z.number().nullable(),
      cause: z.enum(['unreachable', 'not-answering']),
    }),
    z.object({ state: z.literal('paused') }),
    z.object({ state: z.literal('error'), reason: SyncErrorReason, message: z.string(), retrying: z.boolean() }),
  ]),
  pendingUp: count.nullable(),
  pendingDown: z
    .object({
      done: count,
      total: count.nullable(),
      since: z.object({ at: z.number(), done: count }).optional(),
      etaMs: z.number().nullable().optional(),
    })
    .nullable(),
  lastSuccessAt: z.number().nullable(),
  lastError: z.object({ reason: SyncErrorReason, message: z.string(), at: z.number() }).nullable(),
  notAccepted: RecordIssues,
  notStored: RecordIssues,
  waitingForSignIn: z.array(z.object({ username: z.string(), count })),
  localOnly: count,
  log: z.array(z.object({ at: z.number(), kind: z.enum(SYNC_EVENT_TYPES), message: z.string() })),
});
export const SyncStatusSchema: z.ZodType<SyncStatus> = SyncStatusShape;

// ---- Merge plan (shared/conflicts/plan.ts) ----

const Rev = z.string();
const JsonValue = z.json();
const JsonObject = z.record(z.string(), JsonValue);

const PlanChoice = z.discriminatedUnion('from', [
  z.object({ from: z.literal('branch'), rev: Rev }),
  z.object({ from: z.literal('ancestor') }),
  z.object({ from: z.literal('value'), value: JsonValue.exactOptional() }),
  z.object({ from: z.literal('merge') }),
]);

const nodeBase = {
  path: z.string(),
  label: z.string(),
  sides: z.array(Rev),
  values: JsonObject,
  hasAncestor: z.boolean(),
  ancestor: JsonValue.exactOptional(),
  changedBy: z.array(Rev),
  status: z.enum(['one-side', 'same-change', 'both-changed', 'no-ancestor']),
  default: PlanChoice.exactOptional(),
  why: z
    .enum(['one-side', 'same-change', 'removed', 'union', 'items', 'fields', 'rule-min', 'rule-max'])
    .exactOptional(),
  confirm: z.boolean(),
  options: z.array(PlanChoice),
};

// Nodes nest (a list holds items, an item holds fields): the annotation breaks the cycle.
const FieldNodeSchema: z.ZodType<FieldNode> = z.lazy(() =>
  z.discriminatedUnion('kind', [ValueNodeShape, ListNodeShape]),
);
const ValueNodeShape = z.object({ ...nodeBase, kind: z.literal('value') });
const ItemNodeShape = z.object({
  ...nodeBase,
  kind: z.literal('item'),
  key: z.string(),
  fields: z.array(FieldNodeSchema),
});
const ListNodeShape = z.object({
  ...nodeBase,
  kind: z.literal('list'),
  identity: z.enum(['id', 'serviceId', 'code', 'value']),
  items: z.array(ItemNodeShape),
});

const BranchDocShape = z.object({ _id: z.string(), _rev: z.string() }).catchall(JsonValue);
const BranchInfoShape = z.object({
  rev: Rev,
  role: z.enum(['winner', 'loser']),
  deleted: z.boolean(),
  body: BranchDocShape,
  author: z.string().exactOptional(),
  device: z.string().exactOptional(),
  modified: z.number().exactOptional(),
});
const StampRowShape = z.object({
  field: z.string(),
  values: JsonObject,
  ancestor: JsonValue.exactOptional(),
  merged: JsonValue.exactOptional(),
});
const AncestorSource = z.enum(['revisions', 'base-copy']);

const MergePlanShape = z.object({
  docId: z.string(),
  docType: z.string().exactOptional(),
  winnerRev: Rev,
  branches: z.array(BranchInfoShape),
  ancestor: z.object({ body: JsonObject, source: AncestorSource.exactOptional() }).exactOptional(),
  kind: z.enum(['edit', 'delete-vs-edit']),
  deletions: z.array(z.object({ rev: Rev, how: z.enum(['deleted', 'endOfLife', 'closingDate', 'deletionDate']) })),
  record: z
    .object({ path: z.literal(RECORD_PATH), deletedBy: z.array(Rev), options: z.array(PlanChoice) })
    .exactOptional(),
  fields: z.array(FieldNodeSchema),
  stamps: z.array(StampRowShape),
});
export const MergePlanSchema: z.ZodType<MergePlan> = MergePlanShape;

// ---- A record's history (shared/conflicts/diff.ts) ----

const FieldChangeShape = z.object({
  field: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: JsonValue.exactOptional(),
  after: JsonValue.exactOptional(),
  stamp: z.boolean(),
});
export const FieldChangeSchema: z.ZodType<FieldChange> = FieldChangeShape;

// ---- Who is at the keyboard (electron/core/session) ----

/** Locked keeps who was signed in (only they may unlock); signed out keeps no one. */
export const SessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed-out') }),
  z.object({ state: z.literal('signed-in'), username: z.string(), role: z.enum(ROLES), since: z.number() }),
  z.object({ state: z.literal('locked'), username: z.string() }),
]);
export type SessionState = z.infer<typeof SessionStateSchema>;

// ---- Who opened a chart (electron/core/access-log) ----

export const ACCESS_ACTIONS = ['chart.open', 'record.view', 'merge.open', 'history.view'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** One access log as listed: who (and their role then), what, when, on which workstation. */
export const AccessLogEntrySchema = z.object({
  id: z.string(),
  person: z.string(),
  role: z.string().exactOptional(),
  action: z.enum(ACCESS_ACTIONS),
  patientId: z.string().exactOptional(),
  objectId: z.string().exactOptional(),
  when: z.number(),
  /** The device id of the workstation it was written on. */
  workstation: z.string(),
  thisWorkstation: z.boolean(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

/** `logging`: someone is signed in (nothing is logged before). `next`: give it as `before` for the next page. */
export const AccessLogPageSchema = z.object({
  logging: z.boolean(),
  items: z.array(AccessLogEntrySchema),
  next: z.string().exactOptional(),
});
export type AccessLogPage = z.infer<typeof AccessLogPageSchema>;

// ---- Compile-time agreement of each schema with its type ----

/** True when A and B are assignable both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Fails the type check when a schema above stops describing its type (or the type changes). */
export type OutputTypesAgree = [
  Assert<Same<z.infer<typeof StoredDocShape>, StoredDoc>>,
  Assert<Same<(typeof SYNC_EVENT_TYPES)[number], SyncEvent['type']>>,
  Assert<Same<z.infer<typeof SyncStatusShape>, SyncStatus>>,
  Assert<Same<z.infer<typeof ValueNodeShape>, ValueNode>>,
  Assert<Same<z.infer<typeof ItemNodeShape>, ItemNode>>,
  Assert<Same<z.infer<typeof ListNodeShape>, ListNode>>,
  Assert<Same<z.infer<typeof BranchDocShape>, BranchDoc>>,
  Assert<Same<z.infer<typeof BranchInfoShape>, BranchInfo>>,
  Assert<Same<z.infer<typeof StampRowShape>, StampRow>>,
  Assert<Same<z.infer<typeof MergePlanShape>, MergePlan>>,
  Assert<Same<z.infer<typeof FieldChangeShape>, FieldChange>>,
];
