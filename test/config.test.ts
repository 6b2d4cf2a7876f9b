import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';

const base = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts single-workspace over HTTP with defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      signingSecrets: ['secret'],
      ingestSecrets: [],
      slack: { kind: 'single-workspace', botToken: 'xoxb-1', socketMode: false },
      slackApiUrl: 'https://slack.com/api/',
      mongodbUri: undefined,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      publicUrlSet: false,
      bootstrapAdmins: [],
    });
  });

  it('switches to Socket Mode when SLACK_APP_TOKEN is set', () => {
    expect(loadConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({ socketMode: true });
  });

  it('uses OAuth installs when the client id, secret and state secret replace the bot token', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: 'id',
      SLACK_CLIENT_SECRET: 'cs',
      SLACK_STATE_SECRET: 'st',
    });
    expect(config.slack).toEqual({
      kind: 'oauth',
      clientId: 'id',
      clientSecret: 'cs',
      stateSecret: 'st',
      socketMode: false,
    });
  });

  it('parses the bootstrap admins list and normalizes URLs', () => {
    const config = loadConfig({
      ...base,
      UB_BOOTSTRAP_ADMINS: 'U0123ABC, W0456DEF',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      PUBLIC_URL: 'https://ub.example.com/',
    });
    expect(config.bootstrapAdmins).toEqual(['U0123ABC', 'W0456DEF']);
    expect(config.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    expect(config.publicUrl).toBe('https://ub.example.com');
  });

  it('names every bad variable with what it expects, all at once', () => {
    expect(
      problems({
        SLACK_BOT_TOKEN: 'xoxp-user',
        PORT: 'eighty',
        MONGODB_URI: 'localhost:27017',
        UB_BOOTSTRAP_ADMINS: 'alice',
      }),
    ).toEqual([
      'SLACK_SIGNING_SECRET is required: the Signing Secret from the Slack app\'s "Basic Information" page',
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'MONGODB_URI must start with mongodb:// or mongodb+srv:// (leave it unset for the embedded database)',
      'PORT must be a port number between 0 and 65535',
      'UB_BOOTSTRAP_ADMINS must be a comma-separated list of Slack user IDs such as U012ABCDEF',
    ]);
  });

  it('asks for a bot token or the OAuth trio when neither is set', () => {
    expect(problems({ SLACK_SIGNING_SECRET: 's' })).toEqual([
      'SLACK_BOT_TOKEN is required: set SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…, from "OAuth & Permissions"), or SLACK_CLIENT_ID/SECRET/STATE_SECRET for several workspaces',
    ]);
  });

  it('reports a missing signing secret and a missing token in one go, not one per start', () => {
    expect(problems({ PORT: 'http' })).toEqual([
      'SLACK_SIGNING_SECRET is required: the Signing Secret from the Slack app\'s "Basic Information" page',
      'PORT must be a port number between 0 and 65535',
      expect.stringMatching(
        /^SLACK_BOT_TOKEN is required: set SLACK_BOT_TOKEN .*, or SLACK_CLIENT_ID\/SECRET\/STATE_SECRET for several workspaces$/,
      ),
    ]);
  });

  it('takes the learning site address, and refuses one that is not a URL', () => {
    expect(loadConfig({ ...base, UB_LEARNING_URL: 'https://acme.udemy.com' }).learningUrl).toBe(
      'https://acme.udemy.com',
    );
    expect(loadConfig(base).learningUrl).toBeUndefined();
    expect(problems({ ...base, UB_LEARNING_URL: 'acme' })).toEqual([
      "UB_LEARNING_URL must be your learning site's address, such as https://acme.udemy.com",
    ]);
  });

  it('names the OAuth variables that are missing', () => {
    expect(problems({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' })).toEqual([
      'SLACK_CLIENT_SECRET is required for multi-workspace OAuth installs (or set SLACK_BOT_TOKEN instead)',
      'SLACK_STATE_SECRET is required for multi-workspace OAuth installs (or set SLACK_BOT_TOKEN instead)',
    ]);
  });

  it('refuses a bot token together with OAuth variables', () => {
    expect(problems({ ...base, SLACK_CLIENT_ID: 'id' })[0]).toMatch(
      /SLACK_CLIENT_ID must be unset when SLACK_BOT_TOKEN is set/,
    );
  });
});

describe('secrets while they are rotated', () => {
  it('takes the new and the previous signing secret, comma-separated, and no third', () => {
    expect(loadConfig({ ...base, SLACK_SIGNING_SECRET: 'new-one, old-one' }).signingSecrets).toEqual([
      'new-one',
      'old-one',
    ]);
    expect(() => loadConfig({ ...base, SLACK_SIGNING_SECRET: 'a,b,c' })).toThrow(/at most two secrets/);
    expect(() => loadConfig({ ...base, SLACK_SIGNING_SECRET: ' , ' })).toThrow(/SLACK_SIGNING_SECRET is required/);
  });

  it('takes an ingest secret of at least 32 characters, or two while rotating', () => {
    const long = 'x'.repeat(32);
    expect(loadConfig(base).ingestSecrets).toEqual([]);
    expect(loadConfig({ ...base, UB_INGEST_SECRET: `${long}1,${long}2` }).ingestSecrets).toEqual([
      `${long}1`,
      `${long}2`,
    ]);
    expect(() => loadConfig({ ...base, UB_INGEST_SECRET: 'short' })).toThrow(
      /UB_INGEST_SECRET secrets must be at least 32/,
    );
  });
});
