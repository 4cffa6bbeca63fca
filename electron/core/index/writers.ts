// The indexes of one index file: what the indexer writes to, and what searches read from. A
// rebuild beside (rebuild.ts) writes to a second set until it takes the first one's place.
import { IndexDb } from './index-db';
import { InvalidIndex } from './invalid-index';
import { LinkIndex } from './link-index';
import { PatientIndex } from './patient-index';

export type Writers = { index: IndexDb; patients: PatientIndex; links: LinkIndex; invalid: InvalidIndex };

export function writersOn(index: IndexDb): Writers {
  return { index, patients: new PatientIndex(index), links: new LinkIndex(index), invalid: new InvalidIndex(index) };
}
