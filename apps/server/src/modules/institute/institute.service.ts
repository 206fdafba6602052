import type { InstituteChoice } from '@cpe/shared';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { findChoice, findInstitute, insertChoice, listInstitutes } from './institute.repository.ts';

export type InstituteService = ReturnType<typeof instituteService>;

/**
 * One institute per member and calendar year (Asia/Shanghai), never changed that year. A member may
 * choose only for the current year: next year's catalogue opens on 1 January, and a past year is closed.
 */
export function instituteService({ db, clock }: Deps) {
  return {
    list: () => listInstitutes(db),

    currentYear: () => shanghaiYear(clock.now()),

    async choice(memberId: number, year: number): Promise<InstituteChoice> {
      const row = await findChoice(db, memberId, year);
      return { year, institute: row?.institute ?? null, chosenAt: row?.chosenAt.toISOString() ?? null };
    },

    async choose(memberId: number, year: number, instituteId: number): Promise<InstituteChoice> {
      const current = shanghaiYear(clock.now());
      if (year !== current) {
        throw new AppError('BAD_REQUEST', `只能选择本年度（${current}年）的学习机构`);
      }
      const institute = await findInstitute(db, instituteId);
      if (!institute) throw new AppError('NOT_FOUND', '所选会计学院不存在');
      // The unique key (member, year) settles two racing requests: exactly one row is inserted.
      const inserted = await insertChoice(db, { memberId, year, instituteId, chosenAt: clock.now() });
      if (!inserted) {
        const existing = await findChoice(db, memberId, year);
        const name = existing?.institute.name ?? '一家会计学院';
        throw new AppError('INSTITUTE_ALREADY_CHOSEN', `${year}年度已选择${name}，当年不可更改`);
      }
      return this.choice(memberId, year);
    },
  };
}
