import type { Confidence, RuleData } from './types.ts';

export interface UncertainFigure {
  /** which entry: '2024/practicing', 'catalogue 18-9a', 'ground abroad', 'overlay example-f2f16' */
  entry: string;
  field: string;
  confidence: Confidence;
}

/**
 * Every figure marked L or U in the rule data: the list the national admin should confirm.
 * Rule sets of consecutive years that share their markings are listed once per year on purpose, so
 * an admin screen can show exactly which year's figure is still a guess.
 */
export function uncertainFigures(data: RuleData, levels: Confidence[] = ['L', 'U']): UncertainFigure[] {
  const pick = (entry: string, marks: Partial<Record<string, Confidence>>) =>
    Object.entries(marks).flatMap(([field, confidence]) =>
      confidence && levels.includes(confidence) ? [{ entry, field, confidence }] : [],
    );
  return [
    ...data.ruleSets.flatMap((s) => pick(`${s.year}/${s.memberType}`, s.confidence)),
    ...data.catalogue.flatMap((i) => pick(`catalogue ${i.code}`, i.confidence)),
    ...data.exemptionGrounds.flatMap((g) => pick(`ground ${g.code}`, g.confidence)),
    ...data.overlays.flatMap((o) => pick(`overlay ${o.province}`, o.confidence)),
  ];
}
