// Fill a workstation data folder with synthetic patients through the core, so that its indexes
// and snapshot are built exactly as in use. Deterministic for a given seed.
import { openCore } from '../core/core';
import { generateSamples, rng } from '../core/samples/generate';
import type { WrittenDoc } from '../core/store/writes';
import { fileSecretStore } from '../host/file-secrets';

export type SeedOptions = {
  dataDir: string;
  patients: number;
  contactsPerPatient: number;
  /** A few patients with a long history, for chart-opening figures. */
  heavyPatients?: number;
  heavyContacts?: number;
  seed?: number;
  onProgress?: (docs: number) => void;
};

export type SeedResult = {
  patients: number;
  contacts: number;
  healthElements: number;
  heavyPatientIds: string[];
  ms: number;
};

export async function seed(opts: SeedOptions): Promise<SeedResult> {
  const t0 = Date.now();
  const { core, parts } = await openCore({
    dataDir: opts.dataDir,
    host: 'browser',
    secrets: fileSecretStore(opts.dataDir),
  });
  const { db, writes } = parts;
  const info = await core.handlers['app.info']({});
  const who = { author: info.userId, responsible: info.healthcarePartyId, device: info.deviceId, now: Date.now() };
  // Deterministic ids too, so two runs with one seed give the same database.
  const idRng = rng((opts.seed ?? 42) ^ 0x5eed);
  const uuid = () => {
    const h = () =>
      Math.floor(idRng() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    const s = h() + h() + h() + h();
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
  };
  const counts = { patients: 0, contacts: 0, healthElements: 0 };
  const heavyPatientIds: string[] = [];
  let docs = 0;
  const write = async (batch: Record<string, unknown>[]) => {
    await db.bulkDocs(batch);
    writes.announce({ ids: batch.map((d) => String(d._id)), docs: batch as WrittenDoc[], priority: false });
    for (const doc of batch) {
      if (doc.type === 'patient') counts.patients++;
      else if (doc.type === 'contact') counts.contacts++;
      else if (doc.type === 'healthElement') counts.healthElements++;
    }
    docs += batch.length;
    opts.onProgress?.(docs);
  };
  for (const batch of generateSamples(
    { patients: opts.patients, contactsPerPatient: opts.contactsPerPatient, seed: opts.seed ?? 42, uuid },
    who,
  )) {
    await write(batch);
  }
  const heavy = opts.heavyPatients ?? 0;
  for (const batch of generateSamples(
    { patients: heavy, contactsPerPatient: opts.heavyContacts ?? 50, seed: (opts.seed ?? 42) + 1, uuid },
    who,
  )) {
    for (const doc of batch) if (doc.type === 'patient') heavyPatientIds.push(doc._id as string);
    await write(batch);
  }
  await core.close();
  return { ...counts, heavyPatientIds, ms: Date.now() - t0 };
}
