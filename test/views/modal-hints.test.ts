import { describe, expect, it } from '@jest/globals';
import { groupCreateModal } from '../../src/views/groups/group-blocks.js';
import { groupFormModal, type GroupFormKind } from '../../src/views/groups/group-modals.js';
import { cancelModalView, inviteModalView, resendModalView } from '../../src/views/invitations/invitation-modals.js';
import { licenseProModalView, licenseSeatsModalView } from '../../src/views/licenses/license-blocks.js';
import { personModalView, roleModalView } from '../../src/views/people/user-modals.js';

/** Every plain_text of a view (labels, hints, options, titles): what Slack shows without formatting. */
function plainTexts(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => plainTexts(item, into));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'plain_text' && typeof record.text === 'string') into.push(record.text);
    Object.values(record).forEach((value) => plainTexts(value, into));
  }
  return into;
}

describe('form texts', () => {
  const views = [
    groupCreateModal(),
    ...(['rename', 'delete', 'add', 'remove', 'show', 'admin'] as GroupFormKind[]).map(groupFormModal),
    inviteModalView({ groups: 'names', canChooseRoleAndPro: true, seats: undefined, messageMax: 1000 }),
    resendModalView(),
    cancelModalView(),
    licenseSeatsModalView({ seats: 10, proSeats: 2, used: 3, proUsed: 1 }),
    licenseProModalView({ proFree: 1 }),
    ...(['user', 'deactivate', 'reactivate'] as const).map((kind) => personModalView({ kind })),
    roleModalView(),
  ];

  it('are plain text without literal backticks or mrkdwn marks', () => {
    const texts = views.flatMap((view) => plainTexts(view));
    expect(texts.length).toBeGreaterThan(40);
    expect(texts.filter((t) => /[`*]/.test(t))).toEqual([]);
  });
});
