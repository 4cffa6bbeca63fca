// BMI in the editor: from this contact's weight and height, or this weight and the patient's latest
// recorded height (services entered in error do not count).
import { bmi, isEnteredInError, measureValueOf } from '../../shared/clinical/measures';
import type { RecordView } from '../../shared/contract/contract';
import { parseNumber } from '../forms/values';

export type LatestHeight = { cm: number; valueDate: number };

export function latestHeight(contacts: readonly RecordView[], exceptId?: string): LatestHeight | undefined {
  let best: LatestHeight | undefined;
  for (const { doc } of contacts) {
    if (doc._id === exceptId || !Array.isArray(doc.services)) continue;
    for (const s of doc.services as unknown[]) {
      const m = measureValueOf(s);
      if (m?.code !== 'height' || isEnteredInError(s)) continue;
      const raw = (s as { valueDate?: unknown }).valueDate ?? doc.openingDate;
      const valueDate = typeof raw === 'number' ? raw : 0;
      if (!best || valueDate > best.valueDate) best = { cm: m.value, valueDate };
    }
  }
  return best;
}

export type ShownBmi =
  { kind: 'none' } | { kind: 'this'; value: number } | { kind: 'latest'; value: number; height: LatestHeight };

export function shownBmi(weightText: string, heightText: string, latest: LatestHeight | undefined): ShownBmi {
  const weight = parseNumber(weightText);
  const height = parseNumber(heightText);
  const here = bmi(weight, height);
  if (here !== undefined) return { kind: 'this', value: here };
  const fromLatest = heightText.trim() ? undefined : bmi(weight, latest?.cm);
  return fromLatest !== undefined && latest ? { kind: 'latest', value: fromLatest, height: latest } : { kind: 'none' };
}
