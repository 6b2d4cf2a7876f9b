/**
 * Block Kit's limits as Slack enforces them (shared/notes/slack-platform.md). Each validator returns
 * the list of problems as "where: what"; an empty list means Slack would accept the payload.
 */
import { elementsAllowedIn, validateElement } from './element-limits.js';
import { isObject, Problems, type Json } from './problems.js';

export type Surface = 'message' | 'modal' | 'home';

const blockLimits: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const knownBlockTypes = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'input',
  'image',
  'rich_text',
  'file',
  'video',
  'markdown',
]);
const contextElementTypes = new Set(['image', 'mrkdwn', 'plain_text']);

/** What a message or view shares: block_ids and action_ids are unique across all its blocks. */
interface Scope {
  surface: Surface;
  problems: Problems;
  blockIds: Set<string>;
  actionIds: Set<string>;
}

export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const problems = new Problems();
  checkBlocks(blocks, 'blocks', { surface, problems, blockIds: new Set(), actionIds: new Set() });
  return problems.list;
}

export function validateView(view: unknown): string[] {
  if (!isObject(view)) return ['view: must be an object'];
  const problems = new Problems();
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    problems.add('view.type', 'must be modal or home');
    return problems.list;
  }
  // Slack reports block problems of a view without the "view." prefix, as for messages.
  checkBlocks(view.blocks, 'blocks', { surface: type, problems, blockIds: new Set(), actionIds: new Set() });
  if (type === 'modal') {
    problems.plainText('view.title', view.title, 24);
    if (view.submit !== undefined) problems.plainText('view.submit', view.submit, 24);
    if (view.close !== undefined) problems.plainText('view.close', view.close, 24);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      problems.add('view.submit', 'is required when the view has input blocks');
  }
  problems.maxLength('view.callback_id', view.callback_id, 255);
  problems.maxLength('view.private_metadata', view.private_metadata, 3000);
  problems.maxLength('view.external_id', view.external_id, 255);
  return problems.list;
}

function checkBlocks(blocks: unknown, where: string, scope: Scope): void {
  if (!Array.isArray(blocks)) {
    scope.problems.add(where, 'must be an array');
    return;
  }
  scope.problems.maxItems(where, blocks, blockLimits[scope.surface]);
  blocks.forEach((block, index) => checkBlock(block, `${where}[${index}]`, scope));
}

function checkBlock(block: unknown, where: string, scope: Scope): void {
  const { problems } = scope;
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
      if (scope.blockIds.has(block.block_id)) problems.add(`${where}.block_id`, `duplicate block_id ${block.block_id}`);
      scope.blockIds.add(block.block_id);
    }
  }
  switch (block.type) {
    case 'section':
      return checkSection(block, where, scope);
    case 'header':
      return problems.plainText(`${where}.text`, block.text, 150);
    case 'context':
      return checkContext(block, where, problems);
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0)
        return problems.add(`${where}.elements`, 'must be a non-empty array');
      problems.maxItems(`${where}.elements`, block.elements, 25);
      return block.elements.forEach((element, i) =>
        validateElement(element, `${where}.elements[${i}]`, elementsAllowedIn.actions, problems, scope.actionIds),
      );
    case 'input':
      problems.plainText(`${where}.label`, block.label, 2000);
      if (block.hint !== undefined) problems.plainText(`${where}.hint`, block.hint, 2000);
      if (block.element === undefined) return problems.add(`${where}.element`, 'is required');
      return validateElement(block.element, `${where}.element`, elementsAllowedIn.input, problems, scope.actionIds);
    case 'image':
      if (block.image_url === undefined && block.slack_file === undefined)
        problems.add(where, 'needs image_url or slack_file');
      problems.maxLength(`${where}.image_url`, block.image_url, 3000);
      if (typeof block.alt_text !== 'string') problems.add(`${where}.alt_text`, 'is required');
      else problems.maxLength(`${where}.alt_text`, block.alt_text, 2000);
      if (block.title !== undefined) problems.plainText(`${where}.title`, block.title, 2000);
      return;
    default:
      return;
  }
}

function checkSection(block: Json, where: string, scope: Scope): void {
  const { problems } = scope;
  if (block.text === undefined && block.fields === undefined) problems.add(where, 'a section needs text or fields');
  if (block.text !== undefined) {
    const text = problems.textObject(`${where}.text`, block.text);
    if (text !== undefined && (text.length < 1 || text.length > 3000))
      problems.add(`${where}.text`, `must be 1 to 3000 characters (got ${text.length})`);
  }
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) problems.add(`${where}.fields`, 'must be an array');
    else {
      problems.maxItems(`${where}.fields`, block.fields, 10);
      block.fields.forEach((field, i) => {
        if (problems.textObject(`${where}.fields[${i}]`, field) !== undefined)
          problems.maxLength(`${where}.fields[${i}]`, field, 2000);
      });
    }
  }
  if (block.accessory !== undefined)
    validateElement(block.accessory, `${where}.accessory`, elementsAllowedIn.accessory, problems, scope.actionIds);
}

function checkContext(block: Json, where: string, problems: Problems): void {
  if (!Array.isArray(block.elements) || block.elements.length === 0) {
    problems.add(`${where}.elements`, 'must be a non-empty array');
    return;
  }
  problems.maxItems(`${where}.elements`, block.elements, 10);
  block.elements.forEach((element, i) => {
    if (!isObject(element) || !contextElementTypes.has(String(element.type))) {
      problems.add(`${where}.elements[${i}]`, 'must be an image or a text object');
    }
  });
}
