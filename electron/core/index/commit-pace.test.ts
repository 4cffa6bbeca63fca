// When the indexer commits (commit-pace.ts): soon while live, seldom during a long catch-up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommitPace, COMMIT_ROWS } from './commit-pace';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function pace() {
  const commits: number[] = [];
  const p = new CommitPace(() => commits.push(Date.now()));
  return { p, commits };
}

describe('commit pace', () => {
  it('live: a row is committed within 250 ms, a full batch at once', () => {
    const { p, commits } = pace();
    p.written(1);
    p.written(2); // the same scheduled commit
    vi.advanceTimersByTime(249);
    expect(commits).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(commits).toHaveLength(1);
    p.written(COMMIT_ROWS);
    expect(commits).toHaveLength(2);
  });

  it('a long catch-up: commits 5 s apart or every 200,000 rows', () => {
    const { p, commits } = pace();
    p.longCatchUp(true);
    p.written(COMMIT_ROWS); // a live batch's worth: not yet
    vi.advanceTimersByTime(4_999);
    expect(commits).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(commits).toHaveLength(1);
    p.written(200_000);
    expect(commits).toHaveLength(2);
    p.longCatchUp(false);
    p.written(1);
    vi.advanceTimersByTime(250);
    expect(commits).toHaveLength(3);
  });

  it('a commit made meanwhile cancels the one scheduled', () => {
    const { p, commits } = pace();
    p.written(1);
    p.cancel();
    vi.advanceTimersByTime(1_000);
    expect(commits).toHaveLength(0);
  });
});
