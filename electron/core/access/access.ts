// The signed-in person's role applied to what the core reads and writes, with the pure policy of
// shared/auth/roles.ts (the rules the server's validate_doc_update applies to writes). Nobody
// signed in means no restrictions: today's app, until the gate refuses calls while signed out.
// A locked session keeps its person's role (the gate will refuse their calls; until then the
// role still applies).
import { canReadRecord, hiddenFields, keepHidden, redact, writeProblem, type Role } from '../../../shared/auth/roles';
import type { Doc } from '../../../shared/clinical/records';
import type { RecordView } from '../../../shared/contract/contract';
import { CallError } from '../../../shared/contract/errors';

export type Reader = { username: string; role: Role };

export class Access {
  constructor(private readonly who: () => Reader | undefined) {}

  /** The role in force, undefined when nobody is signed in (no restrictions). */
  role(): Role | undefined {
    return this.who()?.role;
  }

  /** Whether the person may see this record (always, when nobody is signed in). */
  mayRead(doc: Doc): boolean {
    const who = this.who();
    return !who || canReadRecord(who.role, doc, who.username);
  }

  /** A record as the person may see it: refused when they may not, hidden fields left out. */
  view(view: RecordView): RecordView {
    const who = this.who();
    if (!who) return view;
    const doc = view.doc as Doc;
    if (!canReadRecord(who.role, doc, who.username)) throw forbiddenRead(who.role, doc);
    return this.redacted(who.role, view);
  }

  /** The records of a list the person may see, each as they may see it. */
  views(views: readonly RecordView[]): RecordView[] {
    const who = this.who();
    if (!who) return [...views];
    return views
      .filter((v) => canReadRecord(who.role, v.doc as Doc, who.username))
      .map((v) => this.redacted(who.role, v));
  }

  /** A body as the person may see it (a merge's branches and ancestor). */
  body<T extends Doc>(doc: T): T {
    const role = this.role();
    return role ? (redact(role, doc) as T) : doc;
  }

  /** Fields of this record type the person neither sees nor writes. */
  hidden(type: string): readonly string[] {
    const role = this.role();
    return role ? hiddenFields(role, type) : [];
  }

  /** A draft from a form that never showed the hidden fields gets them back from the stored version. */
  draft<T extends Doc>(draft: T, stored: Doc | undefined): T {
    const role = this.role();
    return role ? (keepHidden(role, draft, stored ?? null) as T) : draft;
  }

  /** Refuses (`forbidden`, the policy's reason) a write the person's role does not allow. */
  checkWrite(next: Doc, stored: Doc | null | undefined): void {
    const role = this.role();
    if (!role) return;
    const problem = writeProblem(role, next, stored ?? null);
    if (problem !== null) throw new CallError('forbidden', problem);
  }

  private redacted(role: Role, view: RecordView): RecordView {
    const doc = redact(role, view.doc as Doc);
    if (doc === view.doc) return view;
    const out: RecordView = { ...view, doc: doc as RecordView['doc'] };
    // A validation message about a hidden field would tell it is there.
    if (view.invalid) {
      const hidden = hiddenFields(role, String(view.doc.type));
      const invalid = Object.fromEntries(
        Object.entries(view.invalid).filter(([k]) => !hidden.some((f) => isUnder(k, f))),
      );
      if (Object.keys(invalid).length > 0) out.invalid = invalid;
      else delete out.invalid;
    }
    return out;
  }
}

/** Whether a field path (`note`, `addresses.0.city`, `addresses[0]`) is the field or inside it. */
export function isUnder(path: string, field: string): boolean {
  return path === field || path.startsWith(field + '.') || path.startsWith(field + '[');
}

function forbiddenRead(role: Role, doc: Doc): CallError {
  return new CallError('forbidden', `A ${role} may not read ${String(doc.type ?? 'unknown')} records.`);
}
