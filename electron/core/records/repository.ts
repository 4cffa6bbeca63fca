// Records on the local store: validated on every write, stamped, never hard-deleted, unknown
// fields kept. One repository serves every record type; the schema table says what each is.
import { randomUUID } from 'node:crypto';
import { CallError } from '../../../shared/contract/errors';
import type { RecordView } from '../../../shared/contract/contract';
import { fuzzyDateTimeFromDate } from '../../../shared/dates';
import {
  Drafts,
  RecordSchemas,
  fieldErrors,
  validateRecord,
  type EditableType,
  type RecordDraft,
  type RecordType,
} from '../../../shared/records/schemas';
import type { Access } from '../access/access';
import type { Identity } from '../store/identity';
import type { LocalWrites, WrittenDoc } from '../store/writes';
import type { LocalDb } from '../store/open';
import type { BaseCopies } from '../conflicts/base-copies';
import { preserveFields, stamp } from './stamp';
import { refusePatientIssues } from './patient-rules';
import { applyContactRules, type ContactSaveOptions } from './contact-rules';

type StoredDoc = Record<string, unknown> & { _id: string; _rev: string; type?: string; _conflicts?: string[] };

/** `hidden`: branches the conflict index knows of, deleted ones included (which `_conflicts` leaves out). */
export function toView(doc: StoredDoc, hidden = 0): RecordView {
  const { _conflicts, ...body } = doc;
  const check = validateRecord(body);
  const view: RecordView = { doc: body as RecordView['doc'], conflicts: Math.max(_conflicts?.length ?? 0, hidden) };
  if (!check.ok) view.invalid = check.errors;
  return view;
}

function withoutConflicts(doc: StoredDoc): StoredDoc {
  const { _conflicts, ...rest } = doc;
  void _conflicts;
  return rest as StoredDoc;
}

const knownKeysCache = new Map<RecordType, ReadonlySet<string>>();
function knownKeys(type: RecordType): ReadonlySet<string> {
  let keys = knownKeysCache.get(type);
  if (!keys) {
    keys = new Set(Object.keys(RecordSchemas[type].shape));
    knownKeysCache.set(type, keys);
  }
  return keys;
}

export class Repository {
  constructor(
    private readonly db: LocalDb,
    private readonly who: () => Identity,
    private readonly now: () => number = Date.now,
    private readonly bases?: BaseCopies,
    /** Branches hidden behind a record's winner, per the conflict index. */
    private readonly hiddenBranches: (id: string) => number = () => 0,
    private readonly writes?: LocalWrites,
    /** The signed-in person's role: hidden fields kept from the stored version, writes checked. */
    private readonly access?: Access,
  ) {}

  async get(id: string): Promise<RecordView> {
    try {
      return toView((await this.db.get(id, { conflicts: true })) as StoredDoc, this.hiddenBranches(id));
    } catch (err) {
      if ((err as { status?: number }).status === 404) throw new CallError('not-found', `no record ${id}`);
      throw err;
    }
  }

  async getMany(ids: string[]): Promise<RecordView[]> {
    if (ids.length === 0) return [];
    const res = await this.db.allDocs({ keys: ids, include_docs: true, conflicts: true });
    const out: RecordView[] = [];
    for (const row of res.rows) {
      if ('doc' in row && row.doc) out.push(toView(row.doc as StoredDoc, this.hiddenBranches(row.id)));
    }
    return out;
  }

  /** Create (no _id or unknown _id) or update (with the current _rev) a record from a draft. */
  async save(draft: RecordDraft, options: ContactSaveOptions = {}): Promise<RecordView> {
    const type = draft.type as EditableType;
    let stored: StoredDoc | undefined;
    if (draft._id) {
      try {
        stored = (await this.db.get(draft._id, { conflicts: true })) as StoredDoc;
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
      }
    }
    if (stored) {
      if (stored.type !== type)
        throw new CallError('validation', `record ${stored._id} is a ${String(stored.type)}, not a ${type}`);
      if (draft._rev !== stored._rev) {
        throw new CallError('conflict', 'the record changed since it was opened; reopen it and try again');
      }
    } else if (draft._rev) {
      throw new CallError('not-found', `no record ${String(draft._id)} to update`);
    }
    const storedValid = stored ? validateRecord(stored).ok : true;
    let body: Record<string, unknown> = this.access?.draft({ ...draft }, stored) ?? { ...draft };
    if (stored) body = preserveFields(body, stored, knownKeys(type), storedValid);
    body._id = stored?._id ?? draft._id ?? randomUUID();
    if (type === 'healthElement' && !body.healthElementId) body.healthElementId = body._id;
    if (type === 'contact') body = applyContactRules(body, stored, options);
    if (type === 'patient') refusePatientIssues(body, stored, this.now());
    body = stamp(body, this.who(), this.now(), stored);
    if (stored) body._rev = stored._rev;
    else delete body._rev;
    delete body._conflicts;
    return this.write(type, body, stored && { doc: stored, conflicts: stored._conflicts?.length ?? 0 });
  }

  /** Close a record: clinical records get a closingDate, others an endOfLife. Nothing is deleted. */
  async close(id: string, rev: string, closingDate?: number): Promise<RecordView> {
    const view = await this.get(id);
    const doc = view.doc;
    if (doc._rev !== rev)
      throw new CallError('conflict', 'the record changed since it was opened; reopen it and try again');
    const type = doc.type as RecordType;
    const now = this.now();
    const body: Record<string, unknown> = { ...doc };
    if (type === 'healthElement' || type === 'contact') {
      body.closingDate = closingDate ?? fuzzyDateTimeFromDate(new Date(now));
    } else if (type === 'patient') {
      body.active = false;
      body.endOfLife = now;
    } else {
      body.endOfLife = now;
    }
    return this.write(type, stamp(body, this.who(), now, doc), { doc: doc as StoredDoc, conflicts: view.conflicts });
  }

  /** Validates, writes, and answers the record as written (not read back: the body is in hand). */
  private async write(
    type: RecordType,
    body: Record<string, unknown>,
    previous?: { doc: StoredDoc; conflicts: number },
  ): Promise<RecordView> {
    const schema = type in Drafts ? RecordSchemas[type] : undefined;
    const parsed = schema?.safeParse(body);
    if (!parsed?.success) {
      throw new CallError(
        'validation',
        `the ${type} was not saved: some fields need attention`,
        parsed ? fieldErrors(parsed.error) : { type: `cannot save records of type ${type}` },
      );
    }
    // The record as it will be stored, against the stored version: what the server checks too.
    this.access?.checkWrite(parsed.data as Record<string, unknown>, previous?.doc);
    if (previous && this.bases) await this.bases.beforeLocalEdit(withoutConflicts(previous.doc));
    const res = await this.db.put(parsed.data as Record<string, unknown> & { _id: string });
    const written = { ...(parsed.data as Record<string, unknown>), _id: res.id, _rev: res.rev } as StoredDoc;
    const view = toView(written, Math.max(previous?.conflicts ?? 0, this.hiddenBranches(res.id)));
    // A person's save: indexed at once and pushed ahead of any bulk transfer.
    this.writes?.announce({ ids: [res.id], docs: [view.doc as WrittenDoc], priority: true });
    return view;
  }
}
