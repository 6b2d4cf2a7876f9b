import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';

/** This file runs its own FerretDB, so it can stop it and start it again on the same port. */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-down-'));
let database: EmbeddedDatabase;
let port: number;
let t: TestApp;

const startDatabase = (listenPort?: number) =>
  startEmbeddedDatabase({
    rootDir,
    dataDir,
    prefer: 'ferretdb',
    ...(listenPort ? { port: listenPort } : {}),
    log: () => undefined,
  });

beforeAll(async () => {
  database = await startDatabase();
  port = Number(/:(\d+)\//.exec(database.uri)![1]);
  t = await startTestApp({ mongodbUri: database.uri });
  t.fake.addUser({ id: 'UADMIN001', email: 'admin@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
}, 60_000);

afterAll(async () => {
  await t.stop();
  await database.stop();
});

async function health(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${t.url}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe('when MongoDB is down', () => {
  it('answers commands with a clear message that nothing was changed, and /healthz says 503', async () => {
    await database.stop();
    const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'license' });
    expect(ack.status).toBe(200);
    const post = await t.fake.waitForResponsePost(responseUrl, () => true, 15_000);
    expect(post.text).toContain("ub can't reach its database right now, nothing was changed");
    expect(post.text).toMatch(/Reference: E-[0-9A-F]{8}/);
    const reference = /E-[0-9A-F]{8}/.exec(String(post.text))![0];
    expect(t.logs.some((line) => line.includes(reference) && /requestId="R-[0-9a-f]+"/.test(line))).toBe(true);

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: { state: 'down' } });

    // Help cannot look the person up, so it lists every command with who may run it.
    const help = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'help' });
    const listed = await t.fake.waitForResponsePost(help.responseUrl, () => true, 15_000);
    expect(listed.text).toBe('ub commands');
    expect(JSON.stringify(listed.blocks)).toContain('/ub license seats');
  }, 30_000);

  it('reconnects by itself when the database is back', async () => {
    database = await startDatabase(port);
    const deadline = Date.now() + 20_000;
    let last = await health();
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await health();
    }
    expect(last.status).toBe(200);
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'license' });
    const post = await t.fake.waitForResponsePost(responseUrl, () => true, 10_000);
    expect(post.text).not.toContain("can't reach its database");
  }, 30_000);
});
