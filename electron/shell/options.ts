// Command-line and environment options of the Electron app. Pure: main.ts passes argv and env in.
import path from 'node:path';

export type ShellOptions = {
  /** Folder holding the practice database, the device id and the encrypted secrets. */
  dataDir: string;
  /** True when --data-dir or CLINIC_DATA_DIR chose the folder (tests, several practices). */
  dataDirChosen: boolean;
};

/** `--data-dir DIR` or `--data-dir=DIR` wins over CLINIC_DATA_DIR, which wins over the default. */
export function parseShellOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  defaultDataDir: string,
): ShellOptions {
  let fromArgs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error('--data-dir needs a folder: --data-dir DIR');
      fromArgs = next;
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      fromArgs = arg.slice('--data-dir='.length);
      if (fromArgs === '') throw new Error('--data-dir needs a folder: --data-dir=DIR');
    }
  }
  const chosen = fromArgs ?? (env.CLINIC_DATA_DIR || undefined);
  return { dataDir: path.resolve(chosen ?? defaultDataDir), dataDirChosen: chosen !== undefined };
}
