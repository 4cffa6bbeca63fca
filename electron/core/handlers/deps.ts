// What the handler groups are given: the core's services. Handlers stay thin: they name the
// service that answers a call; the logic lives in the service.
import type { AccessLogService } from '../access-log/service';
import type { ConflictService } from '../conflicts/service';
import type { ConnectionManager } from '../connection/manager';
import type { Indexer } from '../index/indexer';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { Charts } from '../records/chart';
import type { Contacts } from '../records/contacts';
import type { DraftStore } from '../drafts/store';
import type { Patients } from '../records/patients';
import type { Repository } from '../records/repository';
import type { SampleLoader } from '../samples/load';
import type { SessionService } from '../session/service';
import type { Identity } from '../store/identity';

export type HandlerDeps = {
  accessLog: AccessLogService;
  conflicts: ConflictService;
  connection: ConnectionManager;
  repo: Repository;
  patients: Patients;
  charts: Charts;
  contacts: Contacts;
  drafts: DraftStore;
  indexer: Indexer;
  samples: SampleLoader;
  session: SessionService;
  identity: () => Identity;
  host: 'electron' | 'browser';
  dataDir: string;
  version: string;
  idleLockMs: number;
  log: DiagnosticsLog;
};
