// The core's answer to every call in the contract. Inputs arrive already parsed by dispatch().
import { CallError } from '../../shared/contract/errors';
import type { Handlers } from './dispatch';
import type { ConflictService } from './conflicts/service';
import type { ConnectionManager } from './connection/manager';
import type { Indexer } from './index/indexer';
import type { Repository } from './records/repository';
import { generateSamples } from './samples/generate';
import type { Identity } from './store/identity';
import type { LocalDb } from './store/open';
import type { EventListener } from './types';

export type HandlerDeps = {
  conflicts: ConflictService;
  connection: ConnectionManager;
  db: LocalDb;
  repo: Repository;
  indexer: Indexer;
  identity: () => Identity;
  emit: EventListener;
  host: 'electron' | 'browser';
  dataDir: string;
  version: string;
};

export function createHandlers(d: HandlerDeps): Handlers {
  let loadingSamples = false;
  return {
    'app.info': async () => {
      const who = d.identity();
      return {
        deviceId: who.deviceId,
        userId: who.userId,
        userName: who.userName,
        healthcarePartyId: who.healthcarePartyId,
        version: d.version,
        host: d.host,
        dataDir: d.dataDir,
      };
    },
    'patients.search': async ({ query, offset, limit }) => d.indexer.patients.search(query, offset, limit),
    'records.get': async ({ id }) => d.repo.get(id),
    'records.save': async ({ doc }) => {
      const view = await d.repo.save(doc);
      d.indexer.applyLocal(view.doc);
      d.connection.prioritize([view.doc._id]);
      return view;
    },
    'records.close': async ({ id, rev, closingDate }) => {
      const view = await d.repo.close(id, rev, closingDate);
      d.indexer.applyLocal(view.doc);
      d.connection.prioritize([view.doc._id]);
      return view;
    },
    'records.list': async ({ type, limit }) => {
      // Few of these (the practice's people): a selector-free scan of a small type is cheap enough.
      const res = await d.db.allDocs({ include_docs: true, conflicts: true });
      return res.rows
        .filter((r) => r.doc && (r.doc as { type?: string }).type === type)
        .slice(0, limit)
        .map((r) => r.doc!)
        .map((doc) => ({ doc: doc as never, conflicts: ((doc as { _conflicts?: string[] })._conflicts ?? []).length }));
    },
    'chart.open': async ({ patientId }) => {
      const patient = await d.repo.get(patientId);
      if (patient.doc.type !== 'patient') throw new CallError('not-found', `record ${patientId} is not a patient`);
      await d.indexer.ensureLinks();
      const [contacts, healthElements] = await Promise.all([
        d.repo.getMany(d.indexer.links.of(patientId, 'contact')),
        d.repo.getMany(d.indexer.links.of(patientId, 'healthElement')),
      ]);
      return { patient, contacts, healthElements };
    },
    'conflicts.list': async () => {
      const items = await d.conflicts.list();
      return { count: items.length, items };
    },
    'conflicts.open': async ({ id }) => d.conflicts.open(id),
    'conflicts.resolve': async ({ id, revs, choices }) => {
      const result = await d.conflicts.resolve(id, revs, choices as never);
      d.connection.prioritize([id, result.resolutionId]);
      return result;
    },
    'records.invalid': async ({ limit }) => ({ count: d.indexer.invalid.size, items: d.indexer.invalid.list(limit) }),
    'sync.settings': async () => d.connection.view(),
    'sync.saveSettings': async (input) => d.connection.save(input),
    'sync.testConnection': async (input) => d.connection.test(input),
    'sync.status': async () => d.connection.current(),
    'sync.now': async () => d.connection.syncNow(),
    'sync.pause': async () => {
      d.connection.pause();
      return d.connection.current();
    },
    'sync.networkChanged': async () => {
      d.connection.networkChanged();
      return {};
    },
    'sync.resume': async () => {
      d.connection.resume();
      return d.connection.current();
    },
    'records.history': async ({ id }) => ({
      revisions: await d.conflicts.history(id),
      resolutions: await d.repo.getMany(d.indexer.conflicts.resolutionsOf(id)),
    }),
    'samples.load': async ({ patients, contactsPerPatient }) => {
      if (loadingSamples) throw new CallError('unavailable', 'sample patients are already being loaded');
      loadingSamples = true;
      try {
        const who = d.identity();
        const counts = { patients: 0, contacts: 0, healthElements: 0 };
        const total = patients * (1 + contactsPerPatient);
        let done = 0;
        const gen = generateSamples(
          { patients, contactsPerPatient, seed: Date.now() },
          { author: who.userId, responsible: who.healthcarePartyId, device: who.deviceId, now: Date.now() },
        );
        for (const batch of gen) {
          await d.db.bulkDocs(batch);
          for (const doc of batch) {
            d.indexer.applyLocal(doc as Parameters<Indexer['applyLocal']>[0]);
            if (doc.type === 'patient') counts.patients++;
            else if (doc.type === 'contact') counts.contacts++;
            else counts.healthElements++;
          }
          done += batch.length;
          d.emit('samples.progress', { done: Math.min(done, total), total });
        }
        return counts;
      } finally {
        loadingSamples = false;
      }
    },
  };
}
