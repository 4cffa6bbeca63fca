// Sequence values are opaque: numbers on PouchDB/pouchdb-server, strings on a CouchDB cluster.
// They are stored and sent back exactly as received, never compared or computed with.
export type Seq = string | number;

export function isSeq(x: unknown): x is Seq {
  return typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
}

/** For a `since=` query parameter. */
export function seqParam(seq: Seq): string {
  return encodeURIComponent(typeof seq === 'string' ? seq : String(seq));
}
