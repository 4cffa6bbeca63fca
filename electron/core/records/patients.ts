// Patient saves: the rules, then the duplicate checks against the patient index (its SSIN map
// and its name+birth order: no scan), then the repository. Saves run one at a time, so two
// saves of the same person side by side cannot both pass the check.
import type { RecordView } from '../../../shared/contract/contract';
import { CallError, type DuplicateCandidate } from '../../../shared/contract/errors';
import { ssinDigits } from '../../../shared/clinical/ssin';
import type { DraftOf, RecordDraft } from '../../../shared/records/schemas';
import type { PatientIndex } from '../index/patient-index';
import { refusePatientIssues } from './patient-rules';
import type { Repository } from './repository';

export type PatientSaveOptions = {
  /** The person saw the patients of the same name and date of birth and saves a new one anyway. */
  confirmDuplicate?: boolean;
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export class Patients {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: Repository,
    /** The indexes of the moment: a rebuild beside replaces them (index/rebuild.ts). */
    private readonly indexNow: () => Pick<PatientIndex, 'withSsin' | 'withNameAndBirth'>,
    private readonly now: () => number = Date.now,
  ) {}

  save(draft: DraftOf<'patient'>, opts: PatientSaveOptions = {}): Promise<RecordView> {
    const run = this.queue.then(() => this.saveNow(draft, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(draft: DraftOf<'patient'>, opts: PatientSaveOptions): Promise<RecordView> {
    const stored = draft._id ? await this.stored(draft._id) : undefined;
    refusePatientIssues({ ...(stored ?? {}), ...draft }, stored, this.now());
    const others = (list: DuplicateCandidate[]) => list.filter((c) => c.id !== draft._id);
    const ssin = ssinDigits(str(draft.ssin));
    if (ssin && ssin !== ssinDigits(str(stored?.ssin))) {
      const owners = others(this.indexNow().withSsin(ssin).map(candidate));
      if (owners.length > 0) {
        const message = 'another patient already has this national number';
        throw new CallError('duplicate', message, { ssin: message }, owners);
      }
    }
    if (!stored && !opts.confirmDuplicate && typeof draft.dateOfBirth === 'number') {
      const same = this.indexNow().withNameAndBirth(str(draft.lastName), str(draft.firstName), draft.dateOfBirth);
      if (same.length > 0) {
        throw new CallError(
          'possible-duplicate',
          'a patient with this name and date of birth exists: open that chart, or confirm that this is another person',
          undefined,
          same.map(candidate),
        );
      }
    }
    return this.repo.save(draft as RecordDraft);
  }

  private async stored(id: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.repo.get(id)).doc;
    } catch (err) {
      if (err instanceof CallError && err.code === 'not-found') return undefined;
      throw err;
    }
  }
}

function candidate(s: DuplicateCandidate): DuplicateCandidate {
  const out: DuplicateCandidate = { id: s.id, firstName: s.firstName, lastName: s.lastName };
  if (s.dateOfBirth !== undefined) out.dateOfBirth = s.dateOfBirth;
  if (s.ssin !== undefined) out.ssin = s.ssin;
  if (s.gender !== undefined) out.gender = s.gender;
  return out;
}
