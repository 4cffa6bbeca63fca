// A form's draft, kept by the core (drafts.get / drafts.put / drafts.clear: a `_local/` document on
// this workstation, never replicated) so that a reload, a crash or a closed window brings back
// what was typed. The form keeps its own state; this hook restores it once and saves it as it changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JsonObject } from '../../shared/conflicts/json';
import { api } from '../client';

export type DraftStatus = 'idle' | 'saving' | 'saved' | 'failed';

export type DraftOptions<T> = {
  /** "contact:new:<patientId>", "contact:<id>", "patient:new"…: one draft per form and record. */
  key: string;
  values: T;
  /** Only a form with changes is saved as a draft. */
  dirty: boolean;
  /** A stored draft back into the form's values; undefined when it is not one (older shape). */
  parse(value: unknown): T | undefined;
  /** Puts restored values into the form (called at most once, and only if nothing was typed yet). */
  restore(values: T, savedAt: number): void;
  /** Wait after the last change before saving, in ms. */
  delay?: number;
};

export type Draft = {
  status: DraftStatus;
  /** When the restored draft had been saved (epoch ms), if one was restored. */
  restoredAt: number | undefined;
  /** Drops the draft (after a save, or when the person discards the changes). */
  discard(): Promise<void>;
};

// The forms on screen: the screen about to lock saves what each has typed first (flushDrafts).
const flushers = new Set<() => Promise<void>>();

/** Saves every draft still waiting for its delay; resolves once they are all with the core. */
export async function flushDrafts(): Promise<void> {
  await Promise.all([...flushers].map((f) => f()));
}

/** `T`: the form's values, plain JSON (strings, booleans, nested objects of them). */
export function useDraft<T extends object>(o: DraftOptions<T>): Draft {
  const [status, setStatus] = useState<DraftStatus>('idle');
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const latest = useRef(o);
  latest.current = o;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dropped = useRef(false);
  // The put in flight: a discard waits for it, or the draft would come back after being cleared.
  const inflight = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    dropped.current = false;
    api.call('drafts.get', { key: o.key }).then(
      (stored) => {
        if (!live || !stored || latest.current.dirty) return;
        const values = latest.current.parse(stored.value);
        if (!values) return;
        latest.current.restore(values, stored.savedAt);
        setRestoredAt(stored.savedAt);
      },
      () => undefined, // no draft to offer: the form starts empty, as it would have anyway
    );
    return () => {
      live = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, [o.key]);

  // Saves now what waits for its delay (if anything), and answers once every put has landed.
  const flush = useCallback(async () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = undefined;
      const { key, values } = latest.current;
      setStatus('saving');
      inflight.current = api.call('drafts.put', { key, value: values as unknown as JsonObject }).then(
        () => !dropped.current && setStatus('saved'),
        () => setStatus('failed'),
      );
    }
    await inflight.current;
  }, []);

  useEffect(() => {
    flushers.add(flush);
    return () => void flushers.delete(flush);
  }, [flush]);

  useEffect(() => {
    if (!o.dirty || dropped.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), o.delay ?? 400);
  }, [o.values, o.dirty, flush]);

  const discard = useCallback(async () => {
    dropped.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = undefined;
    setStatus('idle');
    await inflight.current;
    await api.call('drafts.clear', { key: latest.current.key }).catch(() => undefined);
  }, []);

  return { status, restoredAt, discard };
}
