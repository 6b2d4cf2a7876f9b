import { isObject, Problems, textOf } from './problems.js';

const selects = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const multiSelects = selects.map((type) => `multi_${type}`);
const pickers = ['datepicker', 'datetimepicker', 'timepicker'];
const textInputs = [
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
];

/** Which elements each place takes (Block Kit reference, "compatible block elements"). */
export const elementsAllowedIn = {
  actions: new Set([
    'button',
    'checkboxes',
    'overflow',
    'radio_buttons',
    'workflow_button',
    'rich_text_input',
    ...selects,
    ...multiSelects,
    ...pickers,
  ]),
  accessory: new Set([
    'button',
    'checkboxes',
    'image',
    'overflow',
    'radio_buttons',
    'workflow_button',
    ...selects,
    ...multiSelects,
    ...pickers,
  ]),
  input: new Set(['checkboxes', 'radio_buttons', ...selects, ...multiSelects, ...pickers, ...textInputs]),
};

const staticOptionSelects = new Set(['static_select', 'multi_static_select']);

/** Checks one element; `actionIds` collects action_ids across the whole message or view, where they must be unique. */
export function validateElement(
  element: unknown,
  where: string,
  allowed: Set<string>,
  problems: Problems,
  actionIds: Set<string>,
): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    problems.add(where, 'must be an element with a type');
    return;
  }
  if (!allowed.has(element.type)) {
    problems.add(`${where}.type`, `${element.type} is not allowed here`);
    return;
  }
  if (element.action_id !== undefined) {
    if (typeof element.action_id !== 'string') problems.add(`${where}.action_id`, 'must be a string');
    else {
      problems.maxLength(`${where}.action_id`, element.action_id, 255);
      if (actionIds.has(element.action_id))
        problems.add(`${where}.action_id`, `duplicate action_id ${element.action_id}`);
      actionIds.add(element.action_id);
    }
  }
  if (element.placeholder !== undefined) problems.plainText(`${where}.placeholder`, element.placeholder, 150);
  if (element.confirm !== undefined) validateConfirm(element.confirm, `${where}.confirm`, problems);
  validateByType(element, where, problems);
}

function validateByType(element: Record<string, unknown>, where: string, problems: Problems): void {
  switch (element.type) {
    case 'button':
      problems.plainText(`${where}.text`, element.text, 75);
      problems.maxLength(`${where}.value`, element.value, 2000);
      problems.maxLength(`${where}.url`, element.url, 3000);
      problems.maxLength(`${where}.accessibility_label`, element.accessibility_label, 75);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
        problems.add(`${where}.style`, 'must be primary or danger');
      return;
    case 'overflow':
      if (!Array.isArray(element.options) || element.options.length < 2 || element.options.length > 5)
        problems.add(`${where}.options`, 'must have 2 to 5 options');
      else validateOptions(element.options, `${where}.options`, problems);
      return;
    case 'checkboxes':
    case 'radio_buttons':
      if (!Array.isArray(element.options) || element.options.length === 0)
        problems.add(`${where}.options`, 'must be a non-empty array');
      else {
        problems.maxItems(`${where}.options`, element.options, 10);
        validateOptions(element.options, `${where}.options`, problems);
      }
      return;
    case 'plain_text_input':
      for (const field of ['max_length', 'min_length']) {
        const value = element[field];
        if (value !== undefined && (typeof value !== 'number' || value > 3000))
          problems.add(`${where}.${field}`, 'must be at most 3000');
      }
      return;
    default:
      if (staticOptionSelects.has(String(element.type))) validateStaticSelect(element, where, problems);
  }
}

function validateStaticSelect(element: Record<string, unknown>, where: string, problems: Problems): void {
  const { options, option_groups: groups } = element;
  if ((options === undefined) === (groups === undefined)) {
    problems.add(where, 'needs either options or option_groups');
    return;
  }
  if (Array.isArray(options)) {
    problems.maxItems(`${where}.options`, options, 100);
    validateOptions(options, `${where}.options`, problems);
  } else if (Array.isArray(groups)) {
    problems.maxItems(`${where}.option_groups`, groups, 100);
    groups.forEach((group, i) => {
      const at = `${where}.option_groups[${i}]`;
      if (!isObject(group) || !Array.isArray(group.options)) {
        problems.add(at, 'must be an option group with options');
        return;
      }
      problems.plainText(`${at}.label`, group.label, 75);
      problems.maxItems(`${at}.options`, group.options, 100);
      validateOptions(group.options, `${at}.options`, problems);
    });
  } else {
    problems.add(where, 'options and option_groups must be arrays');
  }
}

function validateOptions(options: unknown[], where: string, problems: Problems): void {
  options.forEach((option, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(option)) {
      problems.add(at, 'must be an option object');
      return;
    }
    if (problems.textObject(`${at}.text`, option.text) !== undefined) problems.maxLength(`${at}.text`, option.text, 75);
    if (typeof option.value !== 'string') problems.add(`${at}.value`, 'is required');
    else problems.maxLength(`${at}.value`, option.value, 150);
    problems.maxLength(`${at}.description`, option.description, 75);
    problems.maxLength(`${at}.url`, option.url, 3000);
  });
}

function validateConfirm(confirm: unknown, where: string, problems: Problems): void {
  if (!isObject(confirm)) {
    problems.add(where, 'must be a confirmation object');
    return;
  }
  problems.plainText(`${where}.title`, confirm.title, 100);
  if (textOf(confirm.text) === undefined) problems.add(`${where}.text`, 'is required');
  else problems.maxLength(`${where}.text`, confirm.text, 300);
  problems.plainText(`${where}.confirm`, confirm.confirm, 30);
  problems.plainText(`${where}.deny`, confirm.deny, 30);
  if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger')
    problems.add(`${where}.style`, 'must be primary or danger');
}

/**
 * The answer to a block_suggestion (an external select's options), as Slack checks it before
 * showing it: `options` or `option_groups` (at most 100), each option a plain_text of at most 75
 * characters and a value of at most 150. Slack shows nothing at all for an answer it refuses.
 */
export function validateOptionsAnswer(body: unknown): string[] {
  const problems = new Problems();
  if (!isObject(body)) {
    problems.add('answer', 'must be a JSON object with options or option_groups');
    return problems.list;
  }
  validateStaticSelect(body, 'answer', problems);
  const plain = (options: unknown) =>
    Array.isArray(options) &&
    options.forEach((option, i) => {
      if (isObject(option) && isObject(option.text) && option.text.type !== 'plain_text')
        problems.add(`answer.options[${i}].text`, 'must be plain_text in a select');
    });
  plain(body.options);
  if (Array.isArray(body.option_groups))
    for (const group of body.option_groups) if (isObject(group)) plain(group.options);
  return problems.list;
}
