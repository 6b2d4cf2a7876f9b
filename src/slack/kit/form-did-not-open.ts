/**
 * `views.open` failed: Slack was busy (429, 5xx) or the trigger_id had expired. A trigger_id
 * lives 3 seconds, so the kit does not retry; it tells the person and offers the command form.
 */
export class FormDidNotOpen extends Error {
  override name = 'FormDidNotOpen';

  constructor(cause: unknown) {
    super(`views.open failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
