// Access logs are never changed or deleted through the core: every call that writes an existing
// record (a save, a close, a merge, a service marked in error) is refused, `forbidden`, when that
// record is an access log — whoever is signed in, and with nobody signed in. The practice server's
// validate_doc_update refuses the same (shared/auth/roles.ts).
import { REASONS } from '../../../shared/auth/roles';
import type { CallName } from '../../../shared/contract/contract';
import { CallError } from '../../../shared/contract/errors';
import type { Handlers } from '../dispatch';
import type { LocalDb } from '../store/pouch';

type Input = Record<string, unknown> & { doc?: { _id?: unknown } };

/** The id of the existing record each writing call touches. */
const TARGETS: Partial<Record<CallName, (input: Input) => unknown>> = {
  'records.save': (i) => i.doc?._id,
  'patients.save': (i) => i.doc?._id,
  'contacts.save': (i) => i.doc?._id,
  'records.close': (i) => i.id,
  'contacts.enterInError': (i) => i.id,
  'conflicts.resolve': (i) => i.id,
};

export function refuseAccessLogEdits(handlers: Handlers, db: LocalDb): Handlers {
  const out: Record<string, (input: never) => Promise<unknown>> = { ...handlers };
  for (const [name, target] of Object.entries(TARGETS)) {
    const fn = out[name];
    if (!fn) continue;
    out[name] = async (input) => {
      const id = target(input as Input);
      if (typeof id === 'string' && (await isAccessLog(db, id))) {
        throw new CallError('forbidden', REASONS.accessLogChanged);
      }
      return fn(input);
    };
  }
  return out as Handlers;
}

async function isAccessLog(db: LocalDb, id: string): Promise<boolean> {
  try {
    return (await db.get(id)).type === 'accessLog';
  } catch (err) {
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}
