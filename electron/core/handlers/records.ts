import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

type RecordCalls = 'patients.search' | 'records.get' | 'records.save' | 'records.close' | 'records.invalid';

export function recordHandlers(d: HandlerDeps): Pick<Handlers, RecordCalls> {
  return {
    'patients.search': async ({ query, offset, limit }) => d.indexer.patients.search(query, offset, limit),
    'records.get': async ({ id }) => d.repo.get(id),
    'records.save': async ({ doc }) => (doc.type === 'patient' ? d.patients.save(doc) : d.repo.save(doc)),
    'records.close': async ({ id, rev, closingDate }) => d.repo.close(id, rev, closingDate),
    'records.invalid': async ({ limit }) => ({ count: d.indexer.invalid.size, items: d.indexer.invalid.list(limit) }),
  };
}
