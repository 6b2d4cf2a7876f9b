import { validateView } from './block-kit-limits.js';
import { isObject, type Json } from './problems.js';
import {
  APP_ID,
  BOT_ID,
  fail,
  failWithProblems,
  INVALID_JSON,
  jsonField,
  ok,
  stringArg,
  TEAM_ID,
  type Args,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
} from './results.js';
import type { StoredView } from './state.js';

/** Slack's trigger_id is good for 3 seconds, once. */
export const TRIGGER_TTL_MS = 3000;

const missing = (field: string) =>
  fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] missing required field: ${field}`] } });

/** The view argument, checked as Slack checks it; `type` is the surface the method takes. */
function readView(args: Args, type: 'modal' | 'home'): { view: Json } | { refusal: MethodResult } {
  const view = jsonField(args, 'view');
  if (view === undefined) return { refusal: missing('view') };
  if (view === INVALID_JSON || !isObject(view))
    return { refusal: failWithProblems('invalid_arguments', ['view: must be a JSON object']) };
  const problems = validateView(view);
  if (problems.length > 0) return { refusal: failWithProblems('invalid_arguments', problems) };
  if (view.type !== type)
    return { refusal: failWithProblems('invalid_arguments', [`view.type: must be ${type} for this method`]) };
  return { view };
}

function viewBody(id: string, stored: StoredView): Json {
  const { view } = stored;
  return {
    id,
    team_id: TEAM_ID,
    callback_id: '',
    private_metadata: '',
    external_id: stored.externalId ?? '',
    clear_on_close: false,
    notify_on_close: false,
    ...view,
    state: { values: {} },
    hash: stored.hash,
    root_view_id: id,
    previous_view_id: null,
    app_id: APP_ID,
    app_installed_team_id: TEAM_ID,
    bot_id: BOT_ID,
  };
}

function store(ctx: MethodContext, id: string, view: Json, extra: Partial<StoredView> = {}): MethodResult {
  // An update that leaves external_id out keeps the one the view had.
  const externalId =
    typeof view.external_id === 'string' && view.external_id !== ''
      ? view.external_id
      : ctx.state.views.get(id)?.externalId;
  const stored: StoredView = {
    view,
    hash: ctx.state.nextId(`${Math.floor(ctx.state.now() / 1000)}.`),
    ...(externalId ? { externalId } : {}),
    ...extra,
  };
  ctx.state.views.set(id, stored);
  return ok({ view: viewBody(id, stored) });
}

function findTrigger(args: Args, ctx: MethodContext): { trigger: { used: boolean } } | { refusal: MethodResult } {
  const triggerId = stringArg(args, 'trigger_id');
  if (!triggerId) return { refusal: missing('trigger_id') };
  const trigger = ctx.state.triggerIds.get(triggerId);
  if (!trigger) return { refusal: fail('invalid_trigger_id') };
  if (trigger.used || ctx.state.now() - trigger.issuedAt > TRIGGER_TTL_MS)
    return { refusal: fail('expired_trigger_id') };
  return { trigger };
}

function openModal(args: Args, ctx: MethodContext): MethodResult {
  const found = findTrigger(args, ctx);
  if ('refusal' in found) return found.refusal;
  const checked = readView(args, 'modal');
  if ('refusal' in checked) return checked.refusal;
  const { view } = checked;
  const externalId = view.external_id;
  if (
    typeof externalId === 'string' &&
    externalId !== '' &&
    [...ctx.state.views.values()].some((v) => v.externalId === externalId)
  ) {
    return fail('duplicate_external_id');
  }
  found.trigger.used = true;
  return store(ctx, ctx.state.nextId('V'), view);
}

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': openModal,
  'views.push': openModal,

  'views.update': (args, ctx) => {
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    if (!viewId && !externalId) return missing('view_id or external_id');
    const id = viewId ?? [...ctx.state.views.entries()].find(([, v]) => v.externalId === externalId)?.[0];
    const existing = id ? ctx.state.views.get(id) : undefined;
    if (!id || !existing) return fail('not_found');
    const hash = stringArg(args, 'hash');
    if (hash && hash !== existing.hash) return fail('hash_conflict');
    const checked = readView(args, existing.view.type === 'home' ? 'home' : 'modal');
    if ('refusal' in checked) return checked.refusal;
    return store(ctx, id, checked.view, existing.homeOf ? { homeOf: existing.homeOf } : {});
  },

  'views.publish': (args, ctx) => {
    const userId = stringArg(args, 'user_id');
    if (!userId) return missing('user_id');
    const checked = readView(args, 'home');
    if ('refusal' in checked) return checked.refusal;
    // A user has one Home tab: publishing again replaces it under the same id.
    const id = [...ctx.state.views.entries()].find(([, v]) => v.homeOf === userId)?.[0] ?? ctx.state.nextId('V');
    return store(ctx, id, checked.view, { homeOf: userId });
  },
};
