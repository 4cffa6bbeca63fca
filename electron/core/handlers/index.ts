// The core's answer to every call in the contract, grouped by domain. Inputs arrive already
// parsed by dispatch().
import type { Handlers } from '../dispatch';
import { accessLogHandlers } from './access-log';
import { appHandlers } from './app';
import { chartHandlers } from './chart';
import { combine } from './combine';
import { conflictHandlers } from './conflicts';
import { contactHandlers } from './contacts';
import { draftHandlers } from './drafts';
import { diagnosticsHandlers } from './diagnostics';
import type { HandlerDeps } from './deps';
import { patientHandlers } from './patients';
import { recordHandlers } from './records';
import { sampleHandlers } from './samples';
import { sessionHandlers } from './session';
import { syncHandlers } from './sync';

export type { HandlerDeps } from './deps';

export function createHandlers(d: HandlerDeps): Handlers {
  return combine(
    appHandlers(d),
    recordHandlers(d),
    patientHandlers(d),
    contactHandlers(d),
    draftHandlers(d),
    chartHandlers(d),
    conflictHandlers(d),
    syncHandlers(d),
    sampleHandlers(d),
    diagnosticsHandlers(d),
    sessionHandlers(d),
    accessLogHandlers(d),
  );
}
