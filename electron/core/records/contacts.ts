// Contacts beyond the generic save: marking one recorded fact "entered in error" (kept, struck out
// on screen, never counted, never deleted). The save itself goes through the repository, which
// applies the contact rules (contact-rules.ts).
import type { RecordView } from '../../../shared/contract/contract';
import { CallError } from '../../../shared/contract/errors';
import type { MeasureCode } from '../../../shared/clinical/measures';
import type { RecordDraft } from '../../../shared/records/schemas';
import type { Identity } from '../store/identity';
import type { Repository } from './repository';

export class Contacts {
  constructor(
    private readonly repo: Repository,
    private readonly who: () => Identity,
    private readonly now: () => number = Date.now,
  ) {}

  save(doc: RecordDraft & { type: 'contact' }, confirmedMeasures: readonly MeasureCode[]): Promise<RecordView> {
    return this.repo.save(doc, { confirmedMeasures });
  }

  async enterInError(id: string, rev: string, serviceId: string, reason?: string): Promise<RecordView> {
    const { doc } = await this.repo.get(id);
    if (doc.type !== 'contact') throw new CallError('not-found', `record ${id} is not a contact`);
    if (doc._rev !== rev)
      throw new CallError('conflict', 'the record changed since it was opened; reopen it and try again');
    const services = Array.isArray(doc.services) ? (doc.services as Record<string, unknown>[]) : [];
    const index = services.findIndex((s) => s?.id === serviceId);
    const target = services[index];
    if (!target) throw new CallError('not-found', `no service ${serviceId} in contact ${id}`);
    if (target.enteredInError) return this.repo.get(id);
    const mark = { by: this.who().userId, at: this.now(), ...(reason ? { reason } : {}) };
    const next = services.map((s, i) => (i === index ? { ...s, enteredInError: mark } : s));
    return this.repo.save({ ...(doc as RecordDraft), type: 'contact', services: next } as RecordDraft, {
      marking: serviceId,
    });
  }
}
