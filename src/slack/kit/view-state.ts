import type { ViewStateValue } from '@slack/bolt';

/**
 * A submitted view's values by block_id, each element reduced to its plain value: text for
 * inputs, the option value(s) for selects, user ids for user pickers. Modals use one element
 * per input block, so block_id names the field and is where an error is shown.
 */
export function readViewState(values: Record<string, Record<string, ViewStateValue>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [blockId, elements] of Object.entries(values)) {
    const element = Object.values(elements)[0];
    if (element) fields[blockId] = elementValue(element);
  }
  return fields;
}

function elementValue(element: ViewStateValue): unknown {
  switch (element.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'number_input':
      return element.value ?? undefined;
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return element.selected_option?.value ?? undefined;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return (element.selected_options ?? []).map((o) => o.value);
    case 'users_select':
      return element.selected_user ?? undefined;
    case 'multi_users_select':
      return element.selected_users ?? [];
    case 'conversations_select':
      return element.selected_conversation ?? undefined;
    case 'channels_select':
      return element.selected_channel ?? undefined;
    case 'file_input':
      return (element.files ?? []).map((file) => file.id);
    default:
      return element.value ?? undefined;
  }
}
