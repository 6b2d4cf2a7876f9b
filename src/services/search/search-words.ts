/**
 * The words a search matches: names and emails, and what people type, cut into the same words.
 * "José Núñez-Smith" and "jose.nunez@example.com" both give jose, nunez, smith (and example,
 * com): letters and digits, lower-cased, accents dropped (NFD, then combining marks removed).
 */

/** Prefixes longer than this share the set of their first PREFIX_MAX characters (the page is checked exactly). */
export const PREFIX_MAX = 16;

export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of a text: runs of letters and digits, normalized. */
export function wordsOf(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Every prefix (1 to PREFIX_MAX characters) of every word, once each. */
export function prefixesOf(words: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const word of words) {
    const chars = [...word];
    for (let length = 1; length <= Math.min(chars.length, PREFIX_MAX); length += 1)
      prefixes.add(chars.slice(0, length).join(''));
  }
  return prefixes;
}

/** The first PREFIX_MAX characters of a term: the name of the prefix set that holds its candidates. */
export function indexedPrefix(term: string): string {
  return [...term].slice(0, PREFIX_MAX).join('');
}

/**
 * What a query asks for: its words, each of which must begin some word of the person. A word
 * that begins another word of the query adds nothing and is dropped ("ada a" asks for "ada").
 */
export function queryTerms(query: string): string[] {
  const words = [...new Set(wordsOf(query))];
  return words.filter((word) => !words.some((other) => other !== word && other.startsWith(word)));
}

/** True when every term begins one of the words. */
export function matchesTerms(words: readonly string[], terms: readonly string[]): boolean {
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}
