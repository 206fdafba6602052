import { Cron } from 'croner';
import { z } from 'zod';
import { trustProxySchema } from './http/trust-proxy.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  // Where finished report exports (.xlsx) are written; DATA_DIR/exports unless set.
  EXPORT_DIR: z.string().min(1).optional(),
  // How long finished export files are kept before the export-cleanup job deletes them.
  EXPORT_RETENTION_HOURS: z.coerce.number().int().min(1).default(72),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
      message: 'not a PostgreSQL URL (postgres://user:password@host:5432/database)',
    })
    .optional(),
  // Production refuses the embedded database unless this is set on purpose (a single-machine install).
  ALLOW_EMBEDDED_DB: bool.default(false),
  // /docs and /docs/json: public outside production, off in production unless API_DOCS=true.
  API_DOCS: bool.optional(),
  DEMO: bool.default(false),
  CAPTCHA_ENABLED: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Argon2id parameters (AUTH-1): at or above the ASVS floor by default.
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(2).default(2),
  // Failed logins per user name before a member name needs a fresh captcha and a pause per try
  // (LOGIN_SLOW_SECONDS) and a staff name locks until the system admin unlocks it.
  LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_SLOW_SECONDS: z.coerce.number().int().min(1).max(300).default(3),
  MEMBER_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  // Tracked video (INV-5)
  PLAYBACK_RATE: z.coerce.number().min(0.5).max(4).default(1),
  COMPLETION_SHARE: z.coerce.number().min(0.5).max(1).default(1),
  // Seconds a progress report may credit beyond wall-clock x rate (timer jitter), and the pause after
  // which the next report starts a new viewing (credits only the tolerance).
  PROGRESS_TOLERANCE_SECONDS: z.coerce.number().min(0).max(10).default(2),
  PROGRESS_MAX_GAP_SECONDS: z.coerce.number().min(10).max(600).default(60),
  // Progress reports a member may make per second, over all lessons and pages (counted in the database).
  PROGRESS_REPORTS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(5),
  // Coverage this many seconds short of the completion share still completes a lesson (rounding).
  COMPLETION_ROUNDING_SECONDS: z.coerce.number().min(0).max(5).default(1),
  // Evaluated lessons posted to the hour ledger per statement (and commit) by the daily sync; larger
  // batches approach one INSERT ... SELECT (docs/performance.md), smaller ones lose less to a crash.
  SYNC_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
  // Requests per minute and client address to the login route (twice as many to the captcha), counted
  // across all processes: in PostgreSQL, or in Redis when REDIS_URL is set.
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  REDIS_URL: z.string().url().optional(),
  // Which peers may tell the client's address and scheme (X-Forwarded-For/-Proto); see http/trust-proxy.ts.
  TRUST_PROXY: trustProxySchema,
  // The site's origin (https://cpe.example.org): state-changing requests from any other origin are refused.
  // Unset: the request's own scheme and host.
  PUBLIC_ORIGIN: z
    .string()
    .url()
    .transform((u) => new URL(u).origin)
    .optional(),
  // LOG-1: audit rows are kept at least 184 days.
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(184).default(365),
  JOBS_ENABLED: bool.default(true),
  // Where uploaded files (lesson videos) are kept; unset: DATA_DIR/storage (storage/local-storage.ts).
  STORAGE_DIR: z.string().min(1).optional(),
  // The largest lesson video an institute admin may upload, in MB.
  VIDEO_MAX_MB: z.coerce.number().int().min(1).max(20_000).default(2048),
  // The font of Chinese PDFs (receipts, certificates); unset: Debian's fonts-noto-cjk or WenQuanYi.
  // PDF_FONT_FAMILY names the face inside a .ttc collection.
  PDF_FONT_FILE: z.string().min(1).optional(),
  PDF_FONT_FAMILY: z.string().min(1).optional(),
  STATIC_DIR: z.string().optional(),
  // SMS delivery (modules/sms): 'dev' only keeps messages in the outbox (read at /api/dev/sms-outbox with
  // DEMO=1); 'aliyun' sends through Aliyun SMS (SendSms, signed requests) with one template whose
  // variable ${content} carries the text.
  SMS_PROVIDER: z.enum(['dev', 'aliyun']).default('dev'),
  SMS_ALIYUN_ENDPOINT: z.string().url().default('https://dysmsapi.aliyuncs.com/'),
  SMS_ALIYUN_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SMS_ALIYUN_SIGN_NAME: z.string().min(1).optional(),
  SMS_ALIYUN_TEMPLATE_CODE: z.string().min(1).optional(),
  // Delivery attempts per message before it is marked failed (backoff doubles from one minute).
  SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  // Recovery codes: per phone 1 a minute, 5 an hour, 10 a day (fixed by the rules); per client address
  // per hour, and recovery starts per client address per minute, across all processes.
  RECOVERY_SMS_PER_IP_HOUR: z.coerce.number().int().min(1).default(20),
  RECOVERY_START_PER_IP_MINUTE: z.coerce.number().int().min(1).default(10),
  // Year-end reminders (jobs: reminder-campaign): at most this many reminder texts queued in any minute,
  // so the dispatch job and the provider are not flooded; and the days (MM-DD, Asia/Shanghai, from
  // 09:00) on which an automatic campaign reminds every member short for the year ('' for none).
  REMINDER_SMS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  REMINDER_AUTO_DATES: z
    .string()
    .default('12-01,12-15')
    .transform((v) =>
      v
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD, e.g. 12-01'))),
  // 交费: 'sandbox' (the built-in gateway, default outside production) or 'wechat' (WeChat Pay API v3,
  // default in production; without the WECHAT_PAY_* values below, payment is disabled and says so).
  PAY_GATEWAY: z.enum(['sandbox', 'wechat']).optional(),
  PAY_ORDER_EXPIRE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  // The public origin the gateway sends notifications to (https://cpe.example.org); unset: PUBLIC_ORIGIN.
  PAY_NOTIFY_ORIGIN: z.string().url().optional(),
  WECHAT_PAY_BASE_URL: z.string().url().default('https://api.mch.weixin.qq.com'),
  WECHAT_PAY_MCHID: z.string().min(1).optional(),
  WECHAT_PAY_APPID: z.string().min(1).optional(),
  // our merchant API certificate's serial number and private key (PEM file)
  WECHAT_PAY_SERIAL_NO: z.string().min(1).optional(),
  WECHAT_PAY_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  // the platform certificate (or platform public key) that signs answers and notifications, with its serial
  WECHAT_PAY_PLATFORM_CERT_FILE: z.string().min(1).optional(),
  WECHAT_PAY_PLATFORM_SERIAL_NO: z.string().min(1).optional(),
  // the 32-character API v3 key that encrypts notification resources
  WECHAT_PAY_API_V3_KEY: z.string().length(32).optional(),
  // Evidence files of claims and exemption requests (FILE-1): where they are kept (default
  // <DATA_DIR>/evidence), the largest upload in bytes, and the most pixels an image may declare.
  EVIDENCE_DIR: z.string().min(1).optional(),
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  EVIDENCE_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(50_000_000),
});

export type Config = z.infer<typeof schema> & {
  /** Cron overrides by job name, from JOB_SCHEDULE_<NAME> (JOB_SCHEDULE_DAILY_SYNC='0 3 * * *'). */
  JOB_SCHEDULES: Record<string, string>;
};

const JOB_SCHEDULE_PREFIX = 'JOB_SCHEDULE_';

/** JOB_SCHEDULE_DAILY_SYNC -> daily-sync; every value must be a valid cron expression. */
function jobSchedules(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(JOB_SCHEDULE_PREFIX) || !value) continue;
    try {
      new Cron(value, { paused: true, timezone: 'Asia/Shanghai' }).stop();
    } catch (e) {
      problems.push(`${key}: ${(e as Error).message}`);
      continue;
    }
    out[key.slice(JOB_SCHEDULE_PREFIX.length).toLowerCase().replaceAll('_', '-')] = value;
  }
  return out;
}

export class ConfigError extends Error {}

/** The only reader of process.env. Reports every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' && k !== 'DEMO' ? undefined : env[k]]),
  );
  const parsed = schema.safeParse(picked);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const schedules = jobSchedules(env, problems);
  const config = parsed.success ? parsed.data : undefined;
  if (config?.NODE_ENV === 'production') {
    if (config.DEMO) problems.push('DEMO: demo accounts are never created in production');
    if (!config.DATABASE_URL && !config.ALLOW_EMBEDDED_DB) {
      problems.push(
        'DATABASE_URL: required with NODE_ENV=production (or set ALLOW_EMBEDDED_DB=true on purpose to keep the data in DATA_DIR on this one machine)',
      );
    }
  }
  if (config?.SMS_PROVIDER === 'aliyun') {
    for (const key of [
      'SMS_ALIYUN_ACCESS_KEY_ID',
      'SMS_ALIYUN_ACCESS_KEY_SECRET',
      'SMS_ALIYUN_SIGN_NAME',
      'SMS_ALIYUN_TEMPLATE_CODE',
    ] as const) {
      if (!config[key]) problems.push(`${key}: required with SMS_PROVIDER=aliyun`);
    }
  }
  // One line per problem, each naming its variable.
  if (!config || problems.length) {
    throw new ConfigError(problems.map((p) => `Invalid configuration: ${p}`).join('\n'));
  }
  return { ...config, JOB_SCHEDULES: schedules };
}

/** Whether /docs is served: outside production always, in production only with API_DOCS=true. */
export const apiDocsEnabled = (config: Config) => config.API_DOCS ?? config.NODE_ENV !== 'production';

/** The payment gateway in force: the sandbox unless configured otherwise, the real one in production. */
export const payGateway = (config: Config) =>
  config.PAY_GATEWAY ?? (config.NODE_ENV === 'production' ? 'wechat' : 'sandbox');

/** Config for tests: fast hashing is not allowed below the floor, so tests use the floor itself. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', CAPTCHA_ENABLED: 'false', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
    LOGIN_RATE_LIMIT: 100_000,
    RECOVERY_START_PER_IP_MINUTE: 100_000,
    RECOVERY_SMS_PER_IP_HOUR: 100_000,
    ...overrides,
  };
}
