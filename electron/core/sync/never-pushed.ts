// Local documents that are never pushed: the server admin's design documents, local-only ones
// (`_local/`), and sample records (synthetic patients stay on the workstation that made them).
import { isSampleId } from '../../../shared/records/samples';

export function neverPushed(id: string): boolean {
  return id.startsWith('_design/') || id.startsWith('_local/') || isSampleId(id);
}
