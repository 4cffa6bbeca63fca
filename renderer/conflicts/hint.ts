// What a hidden version holds that the chart does not show, in a line per difference:
// "Note: 'Allergic to latex.' in bob's version". Read from the merge plan (the chart shows the
// revision CouchDB picked; every other version is hidden until merged).
import type { MergePlan } from '../../shared/conflicts';
import { fieldLabel, isTechnicalField, showValue } from './format';
import { t } from './tr';
import { shortName, type VersionNames } from './versions';

const LONGEST = 90;

function clip(text: string): string {
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 1)}…` : text;
}

/** One line per differing field and hidden version, at most `max`, then how many more. */
export function hintLines(plan: MergePlan, names: VersionNames, max = 3): string[] {
  const lines: string[] = [];
  for (const b of plan.branches) {
    if (b.rev === plan.winnerRev) continue;
    const version = shortName(names, b.rev);
    if (b.deleted) {
      lines.push(t('conflicts:hint.deleted', { version }));
      continue;
    }
    // Plain fields (a note, a name) before lists: they are what a glance at the chart must catch.
    for (const node of [...plan.fields].sort((x, y) => Number(x.kind === 'list') - Number(y.kind === 'list'))) {
      if (isTechnicalField(node.label)) continue;
      const shown = node.values[plan.winnerRev];
      const hidden = node.values[b.rev];
      if (JSON.stringify(shown) === JSON.stringify(hidden)) continue;
      const field = fieldLabel(node.label);
      lines.push(
        hidden === undefined
          ? t('conflicts:hint.absent', { field, version })
          : t('conflicts:hint.value', { field, value: clip(showValue(hidden, node.label)), version }),
      );
    }
  }
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), t('conflicts:hint.more', { count: lines.length - max })];
}
