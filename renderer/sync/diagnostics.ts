// "Export diagnostics": the core writes one JSON text (the sync status and the diagnostics log)
// and the page saves it as a file through the browser's own download: a Blob, an object URL and a
// temporary <a download>. No network is involved, so the strict CSP needs no change.
import { api } from '../client';

/** Asks the core for the diagnostics file and saves it; resolves with the file's name. */
export async function exportDiagnostics(parent: HTMLElement = document.body): Promise<string> {
  const file = await api.call('diagnostics.export', {});
  saveTextFile(file.fileName, file.content, 'application/json', parent);
  return file.fileName;
}

export function saveTextFile(fileName: string, content: string, type: string, parent: HTMLElement): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  // Inside the open modal dialog when there is one: the rest of the page is inert meanwhile.
  parent.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Later, not at once: the download reads the Blob after the click returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
