// Loads synthetic sample patients in batches, with progress, announcing each batch as it is written.
import { randomUUID } from 'node:crypto';
import { CallError } from '../../../shared/contract/errors';
import { SAMPLE_ID_PREFIX } from '../../../shared/records/samples';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/open';
import type { LocalWrites, WrittenDoc } from '../store/writes';
import type { EventListener } from '../types';
import { generateSamples } from './generate';

export type SampleCounts = { patients: number; contacts: number; healthElements: number };

export class SampleLoader {
  private loading = false;

  constructor(
    private readonly db: LocalDb,
    private readonly writes: LocalWrites,
    private readonly who: () => Identity,
    private readonly emit: EventListener,
  ) {}

  async load(patients: number, contactsPerPatient: number): Promise<SampleCounts> {
    if (this.loading) throw new CallError('unavailable', 'sample patients are already being loaded');
    this.loading = true;
    try {
      const who = this.who();
      const counts: SampleCounts = { patients: 0, contacts: 0, healthElements: 0 };
      const total = patients * (1 + contactsPerPatient);
      let done = 0;
      const gen = generateSamples(
        // Sample ids carry the prefix: the sync engine never sends them (see shared/records/samples.ts).
        { patients, contactsPerPatient, seed: Date.now(), uuid: () => SAMPLE_ID_PREFIX + randomUUID() },
        { author: who.userId, responsible: who.healthcarePartyId, device: who.deviceId, now: Date.now() },
      );
      for (const generated of gen) {
        const batch = generated as WrittenDoc[];
        await this.db.bulkDocs(batch);
        this.writes.announce({ ids: batch.map((d) => d._id), docs: batch, priority: false });
        for (const doc of batch) {
          if (doc.type === 'patient') counts.patients++;
          else if (doc.type === 'contact') counts.contacts++;
          else counts.healthElements++;
        }
        done += batch.length;
        this.emit('samples.progress', { done: Math.min(done, total), total });
      }
      return counts;
    } finally {
      this.loading = false;
    }
  }
}
