import { appendEntry } from '../src/modules/ledger/ledger.repository.ts';
import type { TestApp } from './app.ts';
import { YEAR } from './learning.ts';

let nextSource = 7_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

/**
 * Posts hours into a member's year through the ledger's one append path (adjustment entries for
 * online hours, training entries for face-to-face), as the daily sync or a review would.
 */
export async function giveHours(
  t: TestApp,
  memberId: number,
  hours: { online?: number; faceToFace?: number; ethics?: number },
  year = YEAR,
) {
  const post = (hundredths: number, bucket: 'online_required' | 'face_to_face', ethics: boolean) =>
    appendEntry(t.deps.db, {
      memberId,
      year,
      sourceType: bucket === 'face_to_face' ? 'training' : 'adjustment',
      sourceId: nextSource++,
      hoursHundredths: hundredths,
      bucket,
      ethics,
      createdBy: 'test',
      postedAt: t.clock.now(),
    });
  if (hours.ethics) await post(Math.round(hours.ethics * 100), 'online_required', true);
  if (hours.online) await post(Math.round(hours.online * 100), 'online_required', false);
  if (hours.faceToFace) await post(Math.round(hours.faceToFace * 100), 'face_to_face', false);
}
