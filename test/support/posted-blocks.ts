/** Small readers of what the app posted, shared by the user-area end-to-end tests. */

export interface PostedButton {
  action_id: string;
  value: string;
}

/** The button whose action_id is `prefix` or starts with `prefix:`, in actions blocks or section accessories. */
export function findButton(blocks: unknown, prefix: string): PostedButton | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Array<{ elements?: unknown[]; accessory?: unknown }>) {
    for (const element of [...(block.elements ?? []), block.accessory]) {
      const candidate = element as Partial<PostedButton> | undefined;
      if (candidate && typeof candidate.action_id === 'string' && typeof candidate.value === 'string') {
        if (candidate.action_id === prefix || candidate.action_id.startsWith(`${prefix}:`))
          return { action_id: candidate.action_id, value: candidate.value };
      }
    }
  }
  return undefined;
}

export const asText = (value: unknown): string => JSON.stringify(value);

/** A Web API argument that may arrive as JSON text (form-encoded calls) or as an object (JSON calls). */
export const asJson = (value: unknown): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
