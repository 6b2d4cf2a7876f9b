import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { allActions, allModals, allOptions } from '../../src/slack/listeners/register.js';
import { actionIdPattern } from '../../src/slack/listeners/action-listener.js';
import { viewSamples } from '../support/view-samples.js';

/**
 * Every action_id a view puts on a button (or other interactive element outside a form) must
 * reach a registered action, every modal's callback_id a registered modal, and every type-ahead
 * picker (external select, in a form or not) a registered options provider; and the other way
 * round, every registered action, modal and options provider must be reachable from some view. The views are
 * rendered by test/support/view-samples.ts, with data that shows all their buttons.
 */
const renderers = viewSamples('Data Eng');

/** Exported functions of src/views that draw no message or view of their own. */
const notViews = new Set([
  'slackDate',
  'nameList',
  'escapeMrkdwn',
  'truncate',
  'packLines',
  'linesWithin',
  'modal',
  'confirmationBlocks', // drawn through the previews that use it
  'groupFormCallbackId',
  'roleWithArticle',
  'licenseLabel',
  'invitationDeliveryLine', // a line of the bulk invite's result (withDeliveryLine draws it)
  'bulkItemLabel', // a name in a bulk result's line (bulkResultBlocks and its pages draw it)
  'bulkResultIsCut', // a yes/no about a result (withShowAll uses it)
  'inviteDmFooter', // the footer of an invite's result (bulkResultBlocks draws it)
  'plainText',
  'commandButton', // drawn through the welcome and the home tab
  'licenseFields', // drawn through /ub license and the home tab
  'contactList', // drawn through help and the home tab
  'standingIntro',
  'howToGetMore',
  'auditEntryBlocks', // drawn through auditListBlocks and the home tab
  'auditSentence',
  'runsOfEntries',
  'sourceText',
  'textsFor', // the words of the invitation DMs
  // Picker elements, drawn through the forms that hold them.
  'personPicker',
  'peoplePicker',
  'groupPicker',
  'groupsPicker',
]);

interface Emitted {
  actionIds: Set<string>;
  callbackIds: Set<string>;
  /** Action ids of external selects: they ask an options provider for their choices. */
  pickerIds: Set<string>;
}

const PICKERS = new Set(['external_select', 'multi_external_select']);

/** Interactive action_ids (form inputs are read on submit, not dispatched) and modal callback_ids. */
function collect(node: unknown, into: Emitted): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (PICKERS.has(String(record.type)) && typeof record.action_id === 'string') into.pickerIds.add(record.action_id);
  if (record.type === 'input') {
    // Form inputs are read on submit, not dispatched; their pickers still load options.
    collect(record.element, { ...into, actionIds: new Set(), callbackIds: new Set() });
    return;
  }
  if (record.type === 'modal' && typeof record.callback_id === 'string') into.callbackIds.add(record.callback_id);
  if (typeof record.action_id === 'string') into.actionIds.add(record.action_id);
  for (const value of Object.values(record)) collect(value, into);
}

function render(): Emitted {
  const emitted: Emitted = { actionIds: new Set(), callbackIds: new Set(), pickerIds: new Set() };
  for (const draw of Object.values(renderers)) collect(draw(), emitted);
  return emitted;
}

const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'views');

function viewFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? viewFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe('the interaction registry', () => {
  it('renders every view of src/views here', async () => {
    const exported: string[] = [];
    for (const file of viewFiles(viewsDir)) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) if (typeof value === 'function') exported.push(name);
    }
    expect(exported.filter((name) => !(name in renderers) && !notViews.has(name))).toEqual([]);
    expect(Object.keys(renderers).filter((name) => !exported.includes(name))).toEqual([]);
  });

  it('has a registered action for every action_id a view emits, and a registered modal for every callback_id', () => {
    const emitted = render();
    const actions = allActions();
    const modals = new Set(allModals().map((m) => m.callbackId));
    expect([...emitted.actionIds].filter((id) => !actions.some((a) => actionIdPattern(a.actionId).test(id)))).toEqual(
      [],
    );
    expect([...emitted.callbackIds].filter((id) => !modals.has(id))).toEqual([]);
    const providers = allOptions();
    expect(emitted.pickerIds.size).toBeGreaterThan(0);
    expect([...emitted.pickerIds].filter((id) => !providers.some((p) => actionIdPattern(p.actionId).test(id)))).toEqual(
      [],
    );
  });

  it('has no registered action or modal that no view emits', () => {
    const emitted = render();
    const actionIds = [...emitted.actionIds];
    expect(
      allActions()
        .filter((a) => !actionIds.some((id) => actionIdPattern(a.actionId).test(id)))
        .map((a) => a.actionId),
    ).toEqual([]);
    expect(
      allModals()
        .filter((m) => !emitted.callbackIds.has(m.callbackId))
        .map((m) => m.callbackId),
    ).toEqual([]);
    const pickerIds = [...emitted.pickerIds];
    expect(
      allOptions()
        .filter((p) => !pickerIds.some((id) => actionIdPattern(p.actionId).test(id)))
        .map((p) => p.actionId),
    ).toEqual([]);
  });
});
