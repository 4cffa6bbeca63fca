// Technical names for branches by CouchDB's pick (the winner "mine", the losers "theirs"), for
// logs and tests. Not for screens: there a version is named by who saved it and where, against
// the signed-in user (renderer/conflicts/versions.ts), since the winner may be someone else's.
import type { MergePlan, Rev } from './plan';

/** 'mine' for the winner; 'theirs' for a single loser, 'theirs 1', 'theirs 2' … for several. */
export function branchLabel(plan: MergePlan, rev: Rev): string {
  if (rev === plan.winnerRev) return 'mine';
  const losers = plan.branches.filter((b) => b.role === 'loser');
  const i = losers.findIndex((b) => b.rev === rev);
  if (i < 0) return rev;
  return losers.length === 1 ? 'theirs' : `theirs ${i + 1}`;
}
