/**
 * Counts and nouns in agreement, for every sentence ub writes ("1 member", "2 members",
 * "1,000 people"). English only for now, through Intl.PluralRules so that another language
 * means another rules object, not a new set of `=== 1` checks.
 */
const rules = new Intl.PluralRules('en-US');
const numbers = new Intl.NumberFormat('en-US');

/** The form of a word that agrees with `n`: `plural(1, 'member')` is "member", `plural(2, 'stays', 'stay')` "stay". */
export function plural(n: number, one: string, other = `${one}s`): string {
  return rules.select(n) === 'one' ? one : other;
}

/** `n` written for people (1,000) and its noun in agreement: "1 member", "3 people". */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${numbers.format(n)} ${plural(n, one, other)}`;
}

const alternatives = new Intl.ListFormat('en-US', { type: 'disjunction' });

/** "a", "a or b", "a, b, or c". */
export function orList(items: string[]): string {
  return alternatives.format(items);
}

/** A number written for people: 1,000. */
export function formatNumber(n: number): string {
  return numbers.format(n);
}
