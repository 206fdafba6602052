import { z } from 'zod';
import { singleLineTextSchema } from './text.ts';

/**
 * Every error of the API, with its HTTP status. The server answers `{ code, message }` where `message`
 * is Chinese for the user; the web shows `message` as is.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  CAPTCHA_INVALID: 400,
  CAPTCHA_REQUIRED: 401,
  // SMS verification code wrong, expired, used or killed by too many wrong entries
  SMS_CODE_INVALID: 400,
  // the current password given to change the password or the phone is wrong
  CURRENT_PASSWORD_WRONG: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FEE_UNPAID: 402,
  FORBIDDEN: 403,
  ORIGIN_FORBIDDEN: 403,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // another page or device became the member's active viewing: this one's reports are not counted
  VIEWING_DISPLACED: 409,
  // transient: the member's progress was updated at the same moment elsewhere; retrying succeeds
  PROGRESS_BUSY: 409,
  INSTITUTE_ALREADY_CHOSEN: 409,
  // an export's file was deleted after the retention period: request the export again
  EXPORT_EXPIRED: 410,
  INSTITUTE_NOT_CHOSEN: 409,
  REQUIRED_COURSES_FIRST: 409,
  LESSON_NOT_COMPLETED: 409,
  ALREADY_EVALUATED: 409,
  RULE_VERSION_CONFLICT: 409,
  USERNAME_TAKEN: 409,
  STUDY_WINDOW_NOT_OPEN: 409,
  STUDY_WINDOW_CLOSED: 409,
  // institute console: members have started the course, its lessons and credit are frozen
  COURSE_IN_USE: 409,
  // a course is published only with lessons that all have their video
  COURSE_NOT_READY: 409,
  // an upload part that does not continue where the server's copy ends (resume from its size)
  UPLOAD_OFFSET_MISMATCH: 409,
  // not an MP4 video, a truncated one, or one whose duration cannot be read
  VIDEO_INVALID: 422,
  TRAINING_FULL: 409,
  SIGNUP_CLOSED: 409,
  // the year is closed (year close): hours of that year change only after an audited re-opening
  YEAR_CLOSED: 409,
  // the year's hours are not yet compliant: no certificate
  NOT_COMPLIANT: 409,
  FEE_ALREADY_PAID: 409,
  FEE_NOT_REQUIRED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  ORDER_NOT_REFUNDABLE: 409,
  MEMBER_ALREADY_STUDIED: 409,
  // a claim or request is not in a state that allows the action (already reviewed, withdrawn, ...)
  CLAIM_STATE_CONFLICT: 409,
  // the same work (title, ISBN, degree) is already claimed
  DUPLICATE_CLAIM: 409,
  PAYLOAD_TOO_LARGE: 413,
  // an evidence file that is not a PDF, JPEG or PNG by its content, or an image too large to open
  UNSUPPORTED_FILE: 415,
  // hours granted above units x rate or above what an item or the output cap leaves
  HOURS_OVER_LIMIT: 422,
  RATE_LIMITED: 429,
  // integration API: unknown or disabled key, or a signature that does not match the request
  SIGNATURE_INVALID: 401,
  // integration API: the request's timestamp is outside the allowed window (clock skew or an old request)
  REQUEST_EXPIRED: 401,
  // integration API: the request's nonce was already used (a replay)
  REQUEST_REPLAYED: 409,
  // integration API (per row): a record id already received with other content
  CONFLICTING_RECORD: 409,
  INTERNAL: 500,
  PAYMENT_GATEWAY_ERROR: 502,
  // payment is not configured (production without the merchant's keys)
  PAYMENT_DISABLED: 503,
  // no CJK font installed on the server: Chinese PDFs cannot be drawn
  PDF_FONT_MISSING: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorBodySchema = z.object({
  code: singleLineTextSchema.describe('稳定的错误代码'),
  message: singleLineTextSchema.describe('中文说明'),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
