import type { KnownBlock } from '@slack/types';
import type { MyStanding } from '../../services/my-standing.js';
import type { Contact } from '../../services/people/member-repository.js';
import { escapeMrkdwn, packLines } from '../mrkdwn.js';

export interface HelpEntry {
  usage: string;
  summary: string;
  details: string[];
  /** Who may run it, in words ("everyone", "admins", …), from services/authorization.ts. */
  who: string;
  reply: 'ephemeral' | 'in_channel';
  hasModal: boolean;
}

const FOOTER =
  '`/ub help <command>` explains one; `/ub help group` lists the group commands. Most commands open a form when you give them no arguments. Replies are visible only to you unless a command says otherwise.';

/**
 * `/ub help`: what this person can do, from the same definitions that parse the commands, with
 * a line on how to get more. Without a standing (the database is down) it lists every command
 * with who may run it.
 */
export function helpOverviewBlocks(input: { entries: HelpEntry[]; standing: MyStanding | undefined }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { standing } = input;
  const lines = input.entries.map((e) => entryLine(e, standing === undefined));
  const intro = standing
    ? introText(standing)
    : 'ub cannot look you up right now, so here is every command and who may run it.';
  const more = standing ? moreText(standing) : undefined;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: standing ? 'What you can do in ub' : 'ub commands' } },
    section(intro),
    ...packLines(lines).map(section),
  ];
  if (more) blocks.push(section(more));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: FOOTER }] });
  return { text: standing ? 'What you can do in ub' : 'ub commands', blocks };
}

/** `/ub help group` (and `/ub group` alone): the commands of one family, with who may run each. */
export function helpFamilyBlocks(family: string, entries: HelpEntry[]): { text: string; blocks: KnownBlock[] } {
  const title = `/ub ${family} commands`;
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      ...packLines(entries.map((e) => entryLine(e, true))).map(section),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `\`/ub help ${escapeMrkdwn(family)} <command>\` explains one. Run one without arguments to fill a form instead.`,
          },
        ],
      },
    ],
  };
}

/** `/ub help <subcommand>`: usage, what it does, who may run it, who sees the answer. */
export function helpDetailBlocks(entry: HelpEntry): { text: string; blocks: KnownBlock[] } {
  const facts = [
    `*Who can run it:* ${entry.who}`,
    `*Who sees the reply:* ${entry.reply === 'ephemeral' ? 'only you' : 'everyone in the channel'}`,
  ];
  if (entry.hasModal) facts.push('*Form:* run it without arguments to fill a form instead');
  const details = entry.details.map((d) => `• ${d}`);
  return {
    text: `${entry.usage}: ${entry.summary}`,
    blocks: [
      section(`\`${escapeMrkdwn(entry.usage)}\`\n${entry.summary}`),
      ...packLines([...details, ...facts]).map(section),
    ],
  };
}

function entryLine(entry: HelpEntry, withWho: boolean): string {
  const who = withWho && entry.who !== 'everyone' ? ` _(${entry.who})_` : '';
  return `\`${escapeMrkdwn(entry.usage)}\`${who}\n        ${entry.summary}`;
}

function introText(standing: MyStanding): string {
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

/** How to get more than they have, and from whom. */
function moreText(standing: MyStanding): string | undefined {
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

/** ": <@A>, <@B> or Cleo" — the people to ask, or nothing when ub knows nobody to name. */
export function contactList(contacts: Contact[]): string {
  if (contacts.length === 0) return '';
  const names = contacts.map((c) => (c.slackUserId ? `<@${c.slackUserId}>` : escapeMrkdwn(c.name)));
  return `: ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`}`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
