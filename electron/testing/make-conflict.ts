// Test-only: writes a conflicted record straight into a workstation's data folder (before its
// host starts), as replication would leave it: a common ancestor and several branches written
// with new_edits:false. The end-to-end tests use it until two workstations can make one by sync.
import { openLocalDb } from '../core/store/open';

type Body = Record<string, unknown> & { _id: string };

/**
 * Ancestor `1-<ancestorHash>` and one `2-<hash>` branch per entry (its fields over the ancestor's).
 * CouchDB's winner among equal generations is the highest rev: name the hashes to pick it.
 * Returns the branch revs in the order given.
 */
export async function writeConflict(
  dataDir: string,
  ancestor: Body,
  branches: ReadonlyArray<{ hash: string; changes: Record<string, unknown>; deleted?: boolean }>,
  ancestorHash = 'a0a0a0',
): Promise<string[]> {
  if (branches.length < 2) throw new Error('a conflict needs at least two branches');
  const db = openLocalDb(dataDir);
  try {
    await db.bulkDocs(
      [{ ...ancestor, _rev: `1-${ancestorHash}`, _revisions: { start: 1, ids: [ancestorHash] } }] as never[],
      { new_edits: false },
    );
    // A deleted branch is a bare tombstone, as CouchDB replicates one.
    const docs = branches.map((b) => ({
      ...(b.deleted ? { _deleted: true } : { ...ancestor, ...b.changes }),
      _id: ancestor._id,
      _rev: `2-${b.hash}`,
      _revisions: { start: 2, ids: [b.hash, ancestorHash] },
    }));
    await db.bulkDocs(docs as never[], { new_edits: false });
    // Every branch a leaf (deleted ones included): open_revs lists them all.
    const leaves = (await db.get(ancestor._id, { open_revs: 'all' } as never)) as unknown as unknown[];
    if (leaves.length !== branches.length) throw new Error(`expected ${branches.length} leaves, got ${leaves.length}`);
    return docs.map((d) => d._rev);
  } finally {
    await db.close();
  }
}

/** Plain documents (one revision each) beside the conflict, e.g. the patient a health element belongs to. */
export async function writeDocs(dataDir: string, docs: readonly Body[]): Promise<void> {
  const db = openLocalDb(dataDir);
  try {
    const res = await db.bulkDocs(docs as never[]);
    const failed = res.find((r) => 'error' in r && r.error);
    if (failed)
      throw new Error(
        `could not write ${String((failed as { id?: string }).id)}: ${String((failed as { message?: string }).message)}`,
      );
  } finally {
    await db.close();
  }
}

const telecom = (n: string) => [{ id: 't1', telecomType: 'mobile', telecomNumber: n }];
const home = (street: string, city: string, postalCode: string, phone: string) => [
  {
    id: 'a1',
    addressType: 'home',
    street,
    houseNumber: '12',
    postalCode,
    city,
    country: 'BE',
    telecoms: telecom(phone),
  },
];

/**
 * The scenario: workstation A changed the phone number, B the address, and both the
 * last name differently. B's rev is higher, so B is the winner ("mine") and A "theirs".
 */
export const CONFLICTED_PATIENT = {
  id: 'patient-conflict-e2e',
  ancestor: {
    _id: 'patient-conflict-e2e',
    type: 'patient',
    firstName: 'Marie',
    lastName: 'Conflictus',
    gender: 'female',
    dateOfBirth: 19800412,
    languages: ['fr'],
    active: true,
    addresses: home('Rue Ancienne', 'Namur', '5000', '+32 470 00 00 00'),
    created: 1_700_000_000_000,
    modified: 1_700_000_000_000,
    author: 'reception',
    device: 'ws-front-desk',
  },
  a: {
    hash: 'aaaa1111',
    changes: {
      lastName: 'Conflictus-Alpha',
      addresses: home('Rue Ancienne', 'Namur', '5000', '+32 470 11 11 11'),
      modified: 1_700_000_100_000,
      author: 'dr-alice',
      device: 'ws-alpha',
    },
  },
  b: {
    hash: 'bbbb2222',
    changes: {
      lastName: 'Conflictus-Beta',
      addresses: home('Boulevard Neuf', 'Liège', '4000', '+32 470 00 00 00'),
      modified: 1_700_000_200_000,
      author: 'dr-bob',
      device: 'ws-beta',
    },
  },
} as const;

export function writeConflictedPatient(dataDir: string): Promise<string[]> {
  const p = CONFLICTED_PATIENT;
  return writeConflict(dataDir, p.ancestor as unknown as Body, [p.a, p.b] as never);
}

const stamps = {
  created: 1_700_000_000_000,
  modified: 1_700_000_000_000,
  author: 'reception',
  device: 'ws-front-desk',
};

/** A health element deleted on one workstation (ws-alpha) and edited on another (ws-beta). */
export const DELETED_VS_EDITED = {
  patient: {
    _id: 'patient-dve-e2e',
    type: 'patient',
    firstName: 'Paul',
    lastName: 'Supprimé',
    gender: 'male',
    languages: [],
    active: true,
    addresses: [],
    ...stamps,
  },
  healthElement: {
    _id: 'he-dve-e2e',
    type: 'healthElement',
    healthElementId: 'he-dve-e2e',
    patientId: 'patient-dve-e2e',
    descr: 'Asthma',
    relevant: true,
    tags: [{ type: 'CD-ITEM', code: 'problem', version: '1' }],
    ...stamps,
  },
  edit: {
    hash: 'cccc3333',
    changes: { descr: 'Asthma, severe', modified: 1_700_000_300_000, author: 'dr-bob', device: 'ws-beta' },
  },
  deletion: { hash: 'dddd4444', changes: {}, deleted: true },
} as const;

export async function writeDeletedVersusEdited(dataDir: string): Promise<string[]> {
  const d = DELETED_VS_EDITED;
  await writeDocs(dataDir, [d.patient as unknown as Body]);
  return writeConflict(dataDir, d.healthElement as unknown as Body, [d.edit, d.deletion] as never);
}
