import { CallError } from '../../../shared/contract/errors';
import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function chartHandlers(d: HandlerDeps): Pick<Handlers, 'chart.open' | 'records.history'> {
  return {
    'chart.open': async ({ patientId }) => {
      const patient = await d.repo.get(patientId);
      if (patient.doc.type !== 'patient') throw new CallError('not-found', `record ${patientId} is not a patient`);
      await d.indexer.ensureLinks();
      const [contacts, healthElements] = await Promise.all([
        d.repo.getMany(d.indexer.links.of(patientId, 'contact')),
        d.repo.getMany(d.indexer.links.of(patientId, 'healthElement')),
      ]);
      return { patient, contacts, healthElements };
    },
    'records.history': async ({ id }) => ({
      revisions: await d.conflicts.history(id),
      resolutions: await d.repo.getMany(d.indexer.conflicts.resolutionsOf(id)),
    }),
  };
}
