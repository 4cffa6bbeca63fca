// The access log's parts, wired once (core.ts): the batch writer, the per-person index, the service
// answering accessLog.*; core.ts wraps the handlers with logAccesses (which answers are accesses)
// and refuseAccessLogEdits (which writes are refused).
import type { SessionState } from '../../../shared/contract/outputs';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { ChangePipeline } from '../store/changes';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/pouch';
import type { LocalWrites } from '../store/writes';
import { MineIndex } from './mine-index';
import { AccessLogService } from './service';
import { AccessLogWriter } from './writer';

export { AccessLogService } from './service';
export { refuseAccessLogEdits } from './guard';
export { logAccesses } from './observe';

export function createAccessLog(o: {
  db: LocalDb;
  writes: LocalWrites;
  pipeline: ChangePipeline;
  session: () => SessionState;
  identity: () => Identity;
  log: DiagnosticsLog;
}): AccessLogService {
  return new AccessLogService({
    db: o.db,
    writer: new AccessLogWriter({ db: o.db, writes: o.writes, identity: o.identity, log: o.log }),
    mine: new MineIndex(o.db, o.pipeline),
    session: o.session,
    identity: o.identity,
  });
}
