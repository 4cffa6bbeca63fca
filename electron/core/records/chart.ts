// A patient's chart: the patient with their contacts and health elements, from the
// records-by-patient index (never a scan).
import { CallError } from '../../../shared/contract/errors';
import type { CallOutput } from '../../../shared/contract/contract';
import type { ConflictService } from '../conflicts/service';
import type { Indexer } from '../index/indexer';
import type { Repository } from './repository';

export class Charts {
  constructor(
    private readonly repo: Repository,
    private readonly indexer: Indexer,
    private readonly conflicts: ConflictService,
  ) {}

  async open(patientId: string): Promise<CallOutput<'chart.open'>> {
    const patient = await this.repo.get(patientId);
    if (patient.doc.type !== 'patient') throw new CallError('not-found', `record ${patientId} is not a patient`);
    const [contacts, healthElements] = await Promise.all([
      this.repo.getMany(this.indexer.links.of(patientId, 'contact')),
      this.repo.getMany(this.indexer.links.of(patientId, 'healthElement')),
    ]);
    return { patient, contacts, healthElements };
  }

  /** Who changed a record, when, where and what; and the conflicts resolved on it. */
  async history(id: string): Promise<CallOutput<'records.history'>> {
    return {
      revisions: await this.conflicts.history(id),
      resolutions: await this.repo.getMany(this.indexer.conflicts.resolutionsOf(id)),
    };
  }
}
