import type { MyStanding } from '../services/my-standing.js';
import type { Contact } from '../services/people/member-repository.js';
import { orList } from '../plural.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** How ub tells a person where they stand and how to get more: shared by `/ub help` and App Home. */

/** Where the person stands, in one sentence: "You are a group admin of *Support*." */
export function standingIntro(standing: MyStanding): string {
  const { me } = standing;
  if (me.kind === 'unknown') {
    return me.email
      ? `You have no learning account in ub yet (nobody invited ${escapeMrkdwn(me.email)}).`
      : 'ub cannot see an email on your Slack profile, so it cannot tell whether you have a learning account.';
  }
  if (me.kind === 'invited')
    return `You are invited as ${escapeMrkdwn(me.email)} but have not joined yet: accept the invitation in your DM from ub.`;
  if (me.status === 'deactivated') return 'Your learning account is deactivated.';
  if (me.role === 'admin') return 'You are an admin: every command is yours.';
  if (me.role === 'group_admin') {
    if (me.managedGroups.length === 0) return 'You are a group admin, but you manage no group yet.';
    const groups = me.managedGroups.map(
      (g) => `*${escapeMrkdwn(g.name)}*${g.canInviteDeactivate ? ' (with the invite/deactivate permission)' : ''}`,
    );
    return `You are a group admin of ${groups.join(', ')}.`;
  }
  return 'You are a learner.';
}

/** How to get more than they have, and whom to ask; nothing for admins. */
export function howToGetMore(standing: MyStanding): string | undefined {
  const { me } = standing;
  const ask = (sentence: string) => `${sentence}${contactList(standing.contacts)}.`;
  if (me.kind === 'unknown') return ask('To get one, ask an admin to invite you');
  if (me.kind === 'invited') return ask('If the DM is gone, ask an admin to resend it');
  if (me.status === 'deactivated') return ask('To use ub again, ask an admin to reactivate you');
  if (me.role === 'admin') return undefined;
  if (me.role === 'group_admin') {
    if (me.managedGroups.length === 0) return ask('An admin assigns groups with `/ub group admin`');
    return me.managedGroups.some((g) => g.canInviteDeactivate)
      ? ask('Admins also manage licenses, roles, groups and the audit log; ask one if you need that')
      : ask(
          'With the invite/deactivate permission for a group you could also invite people into it, resend or cancel its invitations and deactivate its members; an admin can grant it',
        );
  }
  return ask('Group admins and admins can do more, such as managing people and groups; ask one if you need that');
}

/** ": <@A>, <@B>, or Cleo": the people to ask, or nothing when ub knows nobody to name. */
export function contactList(contacts: Contact[]): string {
  if (contacts.length === 0) return '';
  return `: ${orList(contacts.map((c) => (c.slackUserId ? `<@${c.slackUserId}>` : escapeMrkdwn(truncate(c.name, 80)))))}`;
}
