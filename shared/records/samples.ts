// Sample records: synthetic patients loaded on one workstation to try it out. They stay there:
// never sent to a practice server, not even tried (fake patients have no place among real ones).
// Their ids carry the prefix, so the sync engine knows them without reading them.
export const SAMPLE_ID_PREFIX = 'sample-';

export function isSampleId(id: string): boolean {
  return id.startsWith(SAMPLE_ID_PREFIX);
}
