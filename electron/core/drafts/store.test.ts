// Drafts on a real core: kept across a restart (a reload or a crash of the page, a restart of the
// core), never in the changes feed (so never indexed nor replicated), capped and validated.
import { openSignedIn } from '../../testing/people';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../host/file-secrets';
import { tempDir } from '../../testing/temp';
import { dispatch } from '../dispatch';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function open(dir: string) {
  const opened = await openSignedIn({ dataDir: dir, host: 'browser', secrets: fileSecretStore(dir) });
  cleanup.push(() => opened.core.close());
  return opened;
}

describe('drafts', () => {
  it('survive a core restart, stay out of the changes feed, and are gone once cleared', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    let { core, parts } = await open(t.dir);
    const key = 'contact:new:p-1';
    const value = { descr: 'Cough since Monday', bloodPressure: '128/82', periods: { morning: true } };
    expect(await dispatch(core.handlers, 'drafts.get', { key })).toEqual({ ok: true, value: null });
    await core.handlers['drafts.put']({ key, value: { descr: 'Cou' } });
    const put = await dispatch(core.handlers, 'drafts.put', { key, value });
    expect(put).toMatchObject({ ok: true, value: { savedAt: expect.any(Number) } });
    const feed = await parts.db.changes({ since: 0 });
    expect(feed.results.map((r) => r.id).filter((id) => id.includes('draft'))).toEqual([]);
    await core.close();

    ({ core, parts } = await open(t.dir));
    const back = await dispatch(core.handlers, 'drafts.get', { key });
    expect(back).toMatchObject({ ok: true, value: { value, author: expect.any(String) } });
    // Another form's draft is its own.
    expect((await dispatch(core.handlers, 'drafts.get', { key: 'contact:new:p-2' })).ok).toBe(true);
    await core.handlers['drafts.clear']({ key });
    await core.handlers['drafts.clear']({ key }); // twice: nothing to clear is fine
    expect(await core.handlers['drafts.get']({ key })).toBeNull();
  });

  it('refuses a key that is not a form’s and a draft over the cap, keeping the one stored', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const { core } = await open(t.dir);
    await core.handlers['drafts.put']({ key: 'patient:new', value: { firstName: 'Jan' } });
    for (const key of ['_local/x', '../x', 'a:b:c:d:e', '']) {
      expect(await dispatch(core.handlers, 'drafts.put', { key, value: {} }), key).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    const big = await dispatch(core.handlers, 'drafts.put', {
      key: 'patient:new',
      value: { note: 'x'.repeat(70_000) },
    });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.handlers['drafts.get']({ key: 'patient:new' })).toMatchObject({ value: { firstName: 'Jan' } });
  });
});
