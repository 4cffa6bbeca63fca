// The access log's parts, wired once (core.ts): the batch writer, the per-person index, the service
// answering accessLog.*, and the handler wrappers (which calls are accesses, which writes are refused).
import type { SessionState } from '../../../shared/contract/outputs';
import type { Handlers } from '../dispatch';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { ChangePipeline } from '../store/changes';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/pouch';
import type { LocalWrites } from '../store/writes';
import { refuseAccessLogEdits } from './guard';
import { MineIndex } from './mine-index';
import { logAccesses } from './observe';
import { AccessLogService } from './service';
import { AccessLogWriter } from './writer';

export { AccessLogService } from './service';

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

/** The handlers with accesses logged and access-log edits refused. */
export function withAccessLog(handlers: Handlers, accessLog: AccessLogService, db: LocalDb): Handlers {
  return logAccesses(refuseAccessLogEdits(handlers, db), accessLog);
}
