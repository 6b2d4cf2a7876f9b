import { describe, expect, it } from '@jest/globals';
import { HOSTILE_TEXTS } from '../support/hostile-text.js';
import { layoutProblems, unsafeSequences } from '../support/mrkdwn-safety.js';
import { SAMPLE_LINKS, SAMPLE_USER_IDS, viewSamples } from '../support/view-samples.js';

/**
 * Every view, with hostile text wherever people's text goes: no control sequence from the text
 * survives (Slack would turn it into a mention, a ping or a link), and the layout holds (Block
 * Kit's limits, however long the text).
 */
describe.each(HOSTILE_TEXTS.map((text) => [text.length > 60 ? `${text.slice(0, 40)}… (${text.length})` : text, text]))(
  'every view, given %j',
  (_, text) => {
    const samples = Object.entries(viewSamples(text));

    it('keeps every control sequence from the text inert', () => {
      const found = samples.flatMap(([name, draw]) =>
        unsafeSequences(draw(), SAMPLE_USER_IDS, SAMPLE_LINKS).map((sequence) => `${name}: ${sequence}`),
      );
      expect(found).toEqual([]);
    });

    it('stays within Block Kit limits', () => {
      const found = samples.flatMap(([name, draw]) => layoutProblems(draw()).map((problem) => `${name}: ${problem}`));
      expect(found).toEqual([]);
    });
  },
);
