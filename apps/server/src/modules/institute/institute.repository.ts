import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { instituteChoices, institutes } from '../../db/schema/index.ts';

const instituteColumns = {
  id: institutes.id,
  name: institutes.name,
  hotline: institutes.hotline,
  introduction: institutes.introduction,
};

export type InstituteRow = { id: number; name: string; hotline: string; introduction: string };

export const listInstitutes = (db: Executor): Promise<InstituteRow[]> =>
  db.select(instituteColumns).from(institutes).orderBy(asc(institutes.id));

export async function findInstitute(db: Executor, id: number): Promise<InstituteRow | undefined> {
  const [row] = await db.select(instituteColumns).from(institutes).where(eq(institutes.id, id));
  return row;
}

/** The member's choice for the year with its institute, if any. */
export async function findChoice(db: Executor, memberId: number, year: number) {
  const [row] = await db
    .select({ chosenAt: instituteChoices.chosenAt, institute: instituteColumns })
    .from(instituteChoices)
    .innerJoin(institutes, eq(institutes.id, instituteChoices.instituteId))
    .where(and(eq(instituteChoices.memberId, memberId), eq(instituteChoices.year, year)));
  return row;
}

/** Inserts the choice unless the member already has one for the year; false when one existed. */
export async function insertChoice(
  db: Executor,
  choice: { memberId: number; year: number; instituteId: number; chosenAt: Date },
): Promise<boolean> {
  const rows = await db
    .insert(instituteChoices)
    .values(choice)
    .onConflictDoNothing({ target: [instituteChoices.memberId, instituteChoices.year] })
    .returning({ id: instituteChoices.id });
  return rows.length === 1;
}
