import { searchGroups } from '../../services/groups/search-groups.js';
import { defineOptions } from '../../slack/kit/options.js';
import { GROUP_OPTIONS_ACTION_ID, groupOptions } from '../../views/pickers.js';
import { MAX_OPTIONS } from '../../slack/kit/options.js';

/** The group pickers of every form: groups by the beginning of words of their names (a group admin's own). */
export const groupOptionsProvider = defineOptions({
  actionId: GROUP_OPTIONS_ACTION_ID,
  load: async (_request, typed, ctx) => groupOptions(await searchGroups(ctx, { query: typed, limit: MAX_OPTIONS })),
});
