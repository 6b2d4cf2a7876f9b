/**
 * Block Kit's limits as Slack enforces them (shared/notes/slack-platform.md). Returns the list
 * of problems; an empty list means Slack would accept the payload.
 */
type Json = Record<string, unknown>;
type Surface = 'message' | 'modal' | 'home';

const blockLimits: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const knownBlockTypes = new Set(['section', 'header', 'context', 'actions', 'divider', 'input', 'image', 'rich_text', 'file', 'video', 'markdown']);
const buttonLikeSelects = new Set(['static_select', 'multi_static_select']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

class Problems {
  readonly list: string[] = [];
  add(where: string, problem: string): void {
    this.list.push(`${where}: ${problem}`);
  }
  maxLength(where: string, value: unknown, max: number): void {
    const text = typeof value === 'string' ? value : textOf(value);
    if (text !== undefined && text.length > max) this.add(where, `must be at most ${max} characters (got ${text.length})`);
  }
  plainText(where: string, value: unknown, max: number): void {
    if (!isObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
      this.add(where, 'must be a plain_text object');
      return;
    }
    if (value.text.length === 0) this.add(where, 'must not be empty');
    this.maxLength(where, value, max);
  }
}

export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const problems = new Problems();
  if (!Array.isArray(blocks)) {
    problems.add('blocks', 'must be an array');
    return problems.list;
  }
  if (blocks.length > blockLimits[surface]) problems.add('blocks', `no more than ${blockLimits[surface]} items allowed (got ${blocks.length})`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block, index) => validateBlock(block, `blocks[${index}]`, surface, problems, blockIds, actionIds));
  return problems.list;
}

export function validateView(view: unknown): string[] {
  const problems = new Problems();
  if (!isObject(view)) return ['view: must be an object'];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    problems.add('view.type', 'must be modal or home');
    return problems.list;
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  problems.list.push(...validateBlocks(view.blocks, type));
  if (type === 'modal') {
    problems.plainText('view.title', view.title, 24);
    if (view.submit !== undefined) problems.plainText('view.submit', view.submit, 24);
    if (view.close !== undefined) problems.plainText('view.close', view.close, 24);
    const hasInput = blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) problems.add('view.submit', 'is required when the view has input blocks');
  }
  problems.maxLength('view.callback_id', view.callback_id, 255);
  problems.maxLength('view.private_metadata', view.private_metadata, 3000);
  problems.maxLength('view.external_id', view.external_id, 255);
  return problems.list;
}

function validateBlock(block: unknown, where: string, surface: Surface, problems: Problems, blockIds: Set<string>, actionIds: Set<string>): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    problems.add(where, 'must be a block with a type');
    return;
  }
  if (!knownBlockTypes.has(block.type)) {
    problems.add(`${where}.type`, `unknown block type ${block.type}`);
    return;
  }
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string') problems.add(`${where}.block_id`, 'must be a string');
    else {
      problems.maxLength(`${where}.block_id`, block.block_id, 255);
      if (blockIds.has(block.block_id)) problems.add(`${where}.block_id`, `duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
  }
  switch (block.type) {
    case 'section': {
      const text = block.text;
      if (text === undefined && block.fields === undefined) problems.add(where, 'a section needs text or fields');
      if (text !== undefined) {
        const value = textOf(text);
        if (value === undefined) problems.add(`${where}.text`, 'must be a text object');
        else if (value.length < 1 || value.length > 3000) problems.add(`${where}.text`, `must be 1 to 3000 characters (got ${value.length})`);
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) problems.add(`${where}.fields`, 'must be an array');
        else {
          if (block.fields.length > 10) problems.add(`${where}.fields`, `no more than 10 items allowed (got ${block.fields.length})`);
          block.fields.forEach((field, i) => problems.maxLength(`${where}.fields[${i}]`, field, 2000));
        }
      }
      if (block.accessory !== undefined) validateElement(block.accessory, `${where}.accessory`, problems, actionIds);
      break;
    }
    case 'header':
      problems.plainText(`${where}.text`, block.text, 150);
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) problems.add(`${where}.elements`, 'must be a non-empty array');
      else if (block.elements.length > 10) problems.add(`${where}.elements`, `no more than 10 items allowed (got ${block.elements.length})`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) problems.add(`${where}.elements`, 'must be a non-empty array');
      else {
        if (block.elements.length > 25) problems.add(`${where}.elements`, `no more than 25 items allowed (got ${block.elements.length})`);
        block.elements.forEach((element, i) => validateElement(element, `${where}.elements[${i}]`, problems, actionIds));
      }
      break;
    case 'input':
      if (surface === 'message') problems.add(where, 'input blocks are only allowed in modals and the Home tab');
      problems.plainText(`${where}.label`, block.label, 2000);
      if (block.hint !== undefined) problems.plainText(`${where}.hint`, block.hint, 2000);
      if (block.element === undefined) problems.add(`${where}.element`, 'is required');
      else validateElement(block.element, `${where}.element`, problems, actionIds);
      break;
    default:
      break;
  }
}

function validateElement(element: unknown, where: string, problems: Problems, actionIds: Set<string>): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    problems.add(where, 'must be an element with a type');
    return;
  }
  if (element.action_id !== undefined) {
    if (typeof element.action_id !== 'string') problems.add(`${where}.action_id`, 'must be a string');
    else {
      problems.maxLength(`${where}.action_id`, element.action_id, 255);
      if (actionIds.has(element.action_id)) problems.add(`${where}.action_id`, `duplicate action_id ${element.action_id}`);
      actionIds.add(element.action_id);
    }
  }
  if (element.confirm !== undefined) validateConfirm(element.confirm, `${where}.confirm`, problems);
  switch (element.type) {
    case 'button':
      problems.plainText(`${where}.text`, element.text, 75);
      problems.maxLength(`${where}.value`, element.value, 2000);
      problems.maxLength(`${where}.url`, element.url, 3000);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') problems.add(`${where}.style`, 'must be primary or danger');
      break;
    case 'overflow':
      if (!Array.isArray(element.options) || element.options.length < 2 || element.options.length > 5) problems.add(`${where}.options`, 'must have 2 to 5 options');
      else validateOptions(element.options, `${where}.options`, problems);
      break;
    case 'plain_text_input':
      if (element.max_length !== undefined && (typeof element.max_length !== 'number' || element.max_length > 3000)) {
        problems.add(`${where}.max_length`, 'must be at most 3000');
      }
      break;
    default:
      if (buttonLikeSelects.has(element.type)) {
        const options = element.options;
        const groups = element.option_groups;
        if (options === undefined && groups === undefined) problems.add(where, 'needs options or option_groups');
        if (Array.isArray(options)) {
          if (options.length > 100) problems.add(`${where}.options`, `no more than 100 items allowed (got ${options.length})`);
          validateOptions(options, `${where}.options`, problems);
        }
        if (Array.isArray(groups) && groups.length > 100) problems.add(`${where}.option_groups`, `no more than 100 items allowed (got ${groups.length})`);
      }
  }
}

function validateOptions(options: unknown[], where: string, problems: Problems): void {
  options.forEach((option, i) => {
    if (!isObject(option)) {
      problems.add(`${where}[${i}]`, 'must be an option object');
      return;
    }
    problems.maxLength(`${where}[${i}].text`, option.text, 75);
    if (typeof option.value !== 'string') problems.add(`${where}[${i}].value`, 'is required');
    else problems.maxLength(`${where}[${i}].value`, option.value, 150);
  });
}

function validateConfirm(confirm: unknown, where: string, problems: Problems): void {
  if (!isObject(confirm)) {
    problems.add(where, 'must be a confirmation object');
    return;
  }
  problems.plainText(`${where}.title`, confirm.title, 100);
  problems.maxLength(`${where}.text`, confirm.text, 300);
  if (textOf(confirm.text) === undefined) problems.add(`${where}.text`, 'is required');
  problems.plainText(`${where}.confirm`, confirm.confirm, 30);
  problems.plainText(`${where}.deny`, confirm.deny, 30);
}
