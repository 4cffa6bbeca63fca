// What the read calls answer, as the signed-in person's role may see it: one table, wrapped around
// the handlers in core.ts, so the services keep reading whole records for their own work (the
// rules of a save, a merge plan) and only the answer crossing to the renderer is cut. A single
// record the person may not read is refused (`forbidden`); lists leave such records out; what
// remains has its hidden fields left out (a secretary: a patient's note). With nobody signed in
// every answer goes through unchanged.
import type { CallName, CallOutput, CallParsedInput } from '../../../shared/contract/contract';
import type { Handlers } from '../dispatch';
import type { Repository } from '../records/repository';
import { isUnder, type Access } from './access';

type Filter<N extends CallName> = (out: CallOutput<N>, input: CallParsedInput<N>) => Promise<CallOutput<N>>;
type Filters = { [N in CallName]?: Filter<N> };

function filters(access: Access, repo: Repository): Filters {
  return {
    'records.get': async (out) => access.view(out),
    // A save answers the record as written: as the person may see it, too.
    'records.save': async (out) => access.view(out),
    'patients.save': async (out) => access.view(out),
    'contacts.save': async (out) => access.view(out),
    'contacts.enterInError': async (out) => access.view(out),
    'records.close': async (out) => access.view(out),
    'chart.open': async (out) => ({
      patient: access.view(out.patient),
      contacts: access.views(out.contacts),
      healthElements: access.views(out.healthElements),
    }),
    'records.history': async (out, { id }) => {
      // The history names no type: the record itself says whether it may be read.
      const { doc } = access.view(await repo.get(id));
      const hidden = access.hidden(String(doc.type));
      const visible = (field: string) => !hidden.some((f) => isUnder(field, f));
      return {
        revisions: out.revisions.map((r) => ({ ...r, changes: r.changes.filter((c) => visible(c.field)) })),
        resolutions: access.views(out.resolutions),
      };
    },
    'conflicts.list': async (out) => {
      const items = out.items.filter((e) => access.mayRead({ type: e.type }));
      return { count: items.length, items };
    },
    // The plan itself is built from the bodies as the person may see them (ConflictService).
    'conflicts.open': async (out) => {
      access.view({ doc: { _id: out.entry.id, _rev: out.plan.winnerRev, type: out.entry.type }, conflicts: 0 });
      return out;
    },
    'records.invalid': async (out) => {
      const items = out.items
        .filter((e) => access.mayRead({ type: e.type }))
        .map((e) => {
          const hidden = access.hidden(e.type);
          const fields = Object.entries(e.fields).filter(([k]) => !hidden.some((f) => isUnder(k, f)));
          return { ...e, fields: Object.fromEntries(fields) };
        });
      return { count: access.role() ? items.length : out.count, items };
    },
  };
}

/** The handler table with each read call's answer cut to what the person may see. */
export function guardReads(handlers: Handlers, access: Access, repo: Repository): Handlers {
  const table = filters(access, repo) as Record<string, Filter<CallName> | undefined>;
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(handlers) as Array<[string, (input: never) => Promise<unknown>]>) {
    const filter = table[name];
    out[name] = filter
      ? async (input) => {
          const answer = (await fn(input)) as CallOutput<CallName>;
          return access.role() ? filter(answer, input) : answer;
        }
      : fn;
  }
  return out as Handlers;
}
