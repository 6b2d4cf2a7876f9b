/** Helpers shared by the Block Kit validators: a list of "where: what" problems and the checks that fill it. */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

export class Problems {
  readonly list: string[] = [];

  add(where: string, problem: string): void {
    this.list.push(`${where}: ${problem}`);
  }

  maxLength(where: string, value: unknown, max: number): void {
    const text = typeof value === 'string' ? value : textOf(value);
    if (text !== undefined && text.length > max)
      this.add(where, `must be at most ${max} characters (got ${text.length})`);
  }

  maxItems(where: string, items: unknown[], max: number): void {
    if (items.length > max) this.add(where, `no more than ${max} items allowed (got ${items.length})`);
  }

  /** Slack wants these as `plain_text` objects: mrkdwn or a bare string is refused. */
  plainText(where: string, value: unknown, max: number): void {
    if (!isObject(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
      this.add(where, 'must be a plain_text object');
      return;
    }
    if (value.text.length === 0) this.add(where, 'must not be empty');
    this.maxLength(where, value, max);
  }

  textObject(where: string, value: unknown): string | undefined {
    if (
      !isObject(value) ||
      (value.type !== 'plain_text' && value.type !== 'mrkdwn') ||
      typeof value.text !== 'string'
    ) {
      this.add(where, 'must be a text object (plain_text or mrkdwn)');
      return undefined;
    }
    return value.text;
  }
}

/**
 * "blocks[0].text: must be…" as Slack words it in response_metadata.messages:
 * "[ERROR] must be… [json-pointer:/blocks/0/text]".
 */
export function asSlackMessages(problems: string[]): string[] {
  return problems.map((problem) => {
    const split = problem.indexOf(': ');
    if (split === -1) return `[ERROR] ${problem}`;
    const pointer = `/${problem
      .slice(0, split)
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .join('/')}`;
    return `[ERROR] ${problem.slice(split + 2)} [json-pointer:${pointer}]`;
  });
}
