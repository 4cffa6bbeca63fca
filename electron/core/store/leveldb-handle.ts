// The leveldb under the local PouchDB, kept at hand for the one reader that goes around PouchDB
// (raw-scan.ts: a first build reads the store in two sequential passes instead of one lookup per
// document). PouchDB takes the leveldown factory as its `db` option; this one is leveldown itself,
// remembering each instance by location. It carries leveldown's name because PouchDB keys its
// table of open databases by that name: a plain `new PouchDB(path)` elsewhere in the process
// shares the same open database instead of opening the folder a second time (leveldb's lock).
import path from 'node:path';
import { createRequire } from 'node:module';

/** The few leveldown calls the raw reader uses (leveldown 6, abstract-leveldown 7). */
export type RawIterator = {
  next(cb: (err: Error | null | undefined, key?: string, value?: string) => void): void;
  end(cb: (err?: Error | null) => void): void;
};
export type RawLevel = {
  status: string;
  get(key: string, opts: { asBuffer: false }, cb: (err: Error | null | undefined, value?: string) => void): void;
  iterator(opts: {
    gte: string;
    lt: string;
    keyAsBuffer: false;
    valueAsBuffer: false;
    highWaterMark?: number;
  }): RawIterator;
};
type Factory = ((location: string) => RawLevel) & Record<string, unknown>;

const require = createRequire(import.meta.url);
const leveldown = require('leveldown') as Factory;
const open = new Map<string, RawLevel>();

function LevelDOWN(location: string): RawLevel {
  const db = leveldown(location);
  open.set(path.resolve(location), db);
  return db;
}
// Class-level members PouchDB or level may read from the factory (e.g. destroy, repair).
Object.assign(LevelDOWN, leveldown);
Object.defineProperty(LevelDOWN, 'name', { value: leveldown.name });

/** The factory to give PouchDB as `db`. */
export const trackedLeveldown = LevelDOWN;

/** The open leveldb at `location`, when this process opened it through trackedLeveldown. */
export function rawLevel(location: string): RawLevel | undefined {
  const db = open.get(path.resolve(location));
  return db?.status === 'open' ? db : undefined;
}
