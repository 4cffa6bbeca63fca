// "Export diagnostics": one JSON text file with what support needs to see why sync misbehaves:
// the app, the current sync status and the diagnostics log (the newest lines, capped).
import type { SyncStatus } from '../../../shared/sync/status';
import type { DiagnosticsLog } from './diagnostics-log';

/** The log lines in an export, at most (the newest are kept). */
export const EXPORT_LOG_BYTES = 2 * 1024 * 1024;

export async function exportDiagnostics(o: {
  log: DiagnosticsLog;
  status: SyncStatus;
  version: string;
  host: 'electron' | 'browser';
  at: number;
}): Promise<{ fileName: string; content: string }> {
  const lines = await o.log.readLines(EXPORT_LOG_BYTES);
  const log = lines.map((line): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return { unreadable: line.slice(0, 200) }; // a line cut by a crash
    }
  });
  const exportedAt = new Date(o.at).toISOString();
  const content = JSON.stringify(
    {
      kind: 'clinic-workstation-diagnostics',
      exportedAt,
      app: { version: o.version, host: o.host, node: process.version, platform: process.platform, arch: process.arch },
      // The status as the panel shows it: states, counts, reasons, record ids; no credentials.
      syncStatus: o.status,
      log,
    },
    null,
    2,
  );
  return { fileName: `clinic-diagnostics-${exportedAt.replace(/[:.]/g, '-')}.json`, content };
}
