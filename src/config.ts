import { z } from 'zod';

/**
 * Start-up configuration, read once from the environment (and .env via dotenv in main.ts).
 * Every problem is reported at once, one line per variable, so a newcomer fixes .env in one go.
 */
const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/** A secret, or while it is rotated the new one and the previous one, comma-separated (new first). */
const secretList = (value: string) =>
  value
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = (description: string) =>
  z.preprocess(emptyAsUndefined, z.string().optional()).describe(description);

/** A whole number of milliseconds, at least `min`. */
const milliseconds = (options: { min: number; fallback: number }) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: `must be a number of milliseconds (at least ${options.min})` })
      .int(`must be a whole number of milliseconds (at least ${options.min})`)
      .min(options.min, `must be at least ${options.min} (milliseconds)`)
      .default(options.fallback),
  );

const envSchema = z.object({
  SLACK_SIGNING_SECRET: z
    .string({ error: 'is required: the Signing Secret from the Slack app\'s "Basic Information" page' })
    .transform(secretList)
    .pipe(
      z
        .array(z.string())
        .min(1, 'is required: the Signing Secret from the Slack app\'s "Basic Information" page')
        .max(2, 'takes at most two secrets, the new one and the previous one, while rotating'),
    ),
  UB_INGEST_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform(secretList)
      .pipe(
        z
          .array(z.string().min(32, 'secrets must be at least 32 characters (use a long random string)'))
          .max(2, 'takes at most two secrets, the new one and the previous one, while rotating'),
      )
      .default([]),
  ),
  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp- (Socket Mode)')
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalString('OAuth client id, for multi-workspace installs'),
  SLACK_CLIENT_SECRET: optionalString('OAuth client secret'),
  SLACK_STATE_SECRET: optionalString('secret used to sign the OAuth state parameter'),
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ error: 'must be a URL such as https://slack.com/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .default('https://slack.com/api/'),
  ),
  MONGODB_URI: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^mongodb(\+srv)?:\/\//,
        'must start with mongodb:// or mongodb+srv:// (leave it unset for the embedded database)',
      )
      .optional(),
  ),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a port number between 0 and 65535' })
      .int('must be a port number between 0 and 65535')
      .min(0, 'must be a port number between 0 and 65535')
      .max(65535, 'must be a port number between 0 and 65535')
      .default(3000),
  ),
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ error: 'must be the public base URL of the app, such as https://ub.example.com' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  UB_BOOTSTRAP_ADMINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.string().regex(slackUserId, 'must be a comma-separated list of Slack user IDs such as U012ABCDEF')),
      )
      .default([]),
  ),
  UB_LEARNING_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ error: "must be your learning site's address, such as https://acme.udemy.com" })
      .optional()
      .describe('where people learn (your Udemy Business site): invitation DMs and the welcome link to it'),
  ),
  UB_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('.data')),
  UB_EMBEDDED_DB: z.preprocess(
    emptyAsUndefined,
    z.enum(['auto', 'mongod', 'ferretdb'], { error: 'must be auto, mongod or ferretdb' }).default('auto'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info'),
  ),
  UB_JOB_LOCK_LIFETIME_MS: milliseconds({ min: 500, fallback: 30_000 }).describe(
    'how long a job runner may go silent before another runner (this replica or another) resumes its job',
  ),
  UB_JOB_POLL_MS: milliseconds({ min: 50, fallback: 5_000 }).describe(
    'how often each replica looks for jobs to run (and so how soon a free job is noticed)',
  ),
});

export type SlackMode =
  | { kind: 'single-workspace'; botToken: string; socketMode: boolean }
  | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; socketMode: boolean };

export interface Config {
  /** The signing secret, or during a rotation the new one and the previous one (SLACK_SIGNING_SECRET=new,old). */
  signingSecrets: string[];
  /** Secrets of ub's own signed endpoints (the activity ingest), current first; empty when unset. */
  ingestSecrets: string[];
  appToken: string | undefined;
  slack: SlackMode;
  slackApiUrl: string;
  mongodbUri: string | undefined;
  port: number;
  publicUrl: string;
  /** False when PUBLIC_URL is unset: in Socket Mode nothing reaches ub from outside, so export files are uploaded into the DM. */
  publicUrlSet: boolean;
  bootstrapAdmins: string[];
  /** The organization's learning site, linked from invitation DMs and the welcome after Accept. */
  learningUrl: string | undefined;
  dataDir: string;
  embeddedDb: 'auto' | 'mongod' | 'ferretdb';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Agenda: lock lifetime of a running job (a killed run resumes after this) and the poll interval. */
  jobs: { lockLifetimeMs: number; pollMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad or missing variable, all at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  // Which Slack variables are set decides the mode; asked of the raw environment, so a missing
  // token is reported together with the other problems, not on the next start.
  const mode = slackMode(env);
  if (!parsed.success || 'problems' in mode) {
    // Only the variable's name: an index into a parsed list means nothing to whoever edits .env.
    const problems = parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    const reported = new Set(problems.map((p) => p.split(' ')[0]));
    const slackProblems = 'problems' in mode ? mode.problems : [];
    throw new ConfigError([...problems, ...slackProblems.filter((p) => !reported.has(p.split(' ')[0]))]);
  }
  const slack = mode.mode;
  return {
    signingSecrets: parsed.data.SLACK_SIGNING_SECRET,
    ingestSecrets: parsed.data.UB_INGEST_SECRET,
    appToken: parsed.data.SLACK_APP_TOKEN,
    slack,
    slackApiUrl: parsed.data.SLACK_API_URL,
    mongodbUri: parsed.data.MONGODB_URI,
    port: parsed.data.PORT,
    publicUrl: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`,
    publicUrlSet: parsed.data.PUBLIC_URL !== undefined,
    bootstrapAdmins: parsed.data.UB_BOOTSTRAP_ADMINS,
    learningUrl: parsed.data.UB_LEARNING_URL,
    dataDir: parsed.data.UB_DATA_DIR,
    embeddedDb: parsed.data.UB_EMBEDDED_DB,
    logLevel: parsed.data.LOG_LEVEL,
    jobs: { lockLifetimeMs: parsed.data.UB_JOB_LOCK_LIFETIME_MS, pollMs: parsed.data.UB_JOB_POLL_MS },
  };
}

const SLACK_OAUTH = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** Single workspace (a bot token) or OAuth installs (the three OAuth variables), from what is set. */
function slackMode(env: NodeJS.ProcessEnv): { mode: SlackMode } | { problems: string[] } {
  const value = (name: string) => {
    const raw = env[name];
    return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
  };
  const socketMode = value('SLACK_APP_TOKEN') !== undefined;
  const oauthSet = SLACK_OAUTH.filter((name) => value(name) !== undefined);
  const botToken = value('SLACK_BOT_TOKEN');
  if (botToken !== undefined) {
    if (oauthSet.length > 0) {
      return {
        problems: [
          `${oauthSet.join(', ')} must be unset when SLACK_BOT_TOKEN is set (choose single-workspace or OAuth install)`,
        ],
      };
    }
    return { mode: { kind: 'single-workspace', botToken, socketMode } };
  }
  if (oauthSet.length === 0) {
    return {
      problems: [
        'SLACK_BOT_TOKEN is required: set SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…, from "OAuth & Permissions"), or SLACK_CLIENT_ID/SECRET/STATE_SECRET for several workspaces',
      ],
    };
  }
  const missing = SLACK_OAUTH.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    return {
      problems: missing.map(
        (name) => `${name} is required for multi-workspace OAuth installs (or set SLACK_BOT_TOKEN instead)`,
      ),
    };
  }
  return {
    mode: {
      kind: 'oauth',
      clientId: value('SLACK_CLIENT_ID')!,
      clientSecret: value('SLACK_CLIENT_SECRET')!,
      stateSecret: value('SLACK_STATE_SECRET')!,
      socketMode,
    },
  };
}
