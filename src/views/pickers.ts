import type { ExternalSelect, MultiExternalSelect, PlainTextOption } from '@slack/types';
import { truncate } from './mrkdwn.js';

/**
 * The type-ahead pickers of ub's forms: people (ub's members, by name or email) and groups (by
 * name). Their choices are loaded as the person types (commands/people/person-options.ts,
 * commands/groups/group-options.ts); the action_id is `<provider>:<field>`, so one provider
 * serves every form. A picked person's value is their email, a group's its name.
 */
export const PERSON_OPTIONS_ACTION_ID = 'person.search';
export const GROUP_OPTIONS_ACTION_ID = 'group.search';

const placeholder = (text: string) => ({ type: 'plain_text' as const, text });

export function personPicker(field: string): ExternalSelect {
  return {
    type: 'external_select',
    action_id: `${PERSON_OPTIONS_ACTION_ID}:${field}`,
    min_query_length: 1,
    placeholder: placeholder('Type a name or email'),
  };
}

export function peoplePicker(field: string, maxSelected: number): MultiExternalSelect {
  return {
    type: 'multi_external_select',
    action_id: `${PERSON_OPTIONS_ACTION_ID}:${field}`,
    min_query_length: 1,
    max_selected_items: maxSelected,
    placeholder: placeholder('Type names or emails'),
  };
}

export function groupPicker(field: string): ExternalSelect {
  return {
    type: 'external_select',
    action_id: `${GROUP_OPTIONS_ACTION_ID}:${field}`,
    min_query_length: 0,
    placeholder: placeholder('Type a group name'),
  };
}

export function groupsPicker(field: string, maxSelected: number): MultiExternalSelect {
  return {
    type: 'multi_external_select',
    action_id: `${GROUP_OPTIONS_ACTION_ID}:${field}`,
    min_query_length: 0,
    max_selected_items: maxSelected,
    placeholder: placeholder('Type group names'),
  };
}

/** Slack refuses an option whose value is longer than this: such a choice is left out, never cut. */
const MAX_VALUE = 150;

/** People as picker choices: "Name · email" (75 characters at most), the email as value. */
export function personOptions(people: ReadonlyArray<{ email: string; name: string }>): PlainTextOption[] {
  return people
    .filter((person) => person.email.length <= MAX_VALUE)
    .map((person) => ({
      text: placeholder(truncate(person.name === person.email ? person.email : `${person.name} · ${person.email}`, 75)),
      value: person.email,
    }));
}

/** Groups as picker choices: the name (75 characters shown), the name as value. */
export function groupOptions(groups: ReadonlyArray<{ name: string }>): PlainTextOption[] {
  return groups
    .filter((group) => group.name.length <= MAX_VALUE)
    .map((group) => ({ text: placeholder(truncate(group.name, 75)), value: group.name }));
}
