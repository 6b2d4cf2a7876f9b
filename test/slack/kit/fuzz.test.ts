import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildRouter } from '../../../src/commands/index.js';
import { tokenize, TokenizeError } from '../../../src/slack/kit/tokenize.js';
import { problemMessage } from '../../../src/views/error-blocks.js';
import { asSlackSendsIt, HOSTILE_TEXTS } from '../../support/hostile-text.js';
import { layoutProblems, stackTraces, unsafeSequences } from '../../support/mrkdwn-safety.js';
import { SAMPLE_LINKS, SAMPLE_USER_IDS, viewSamples } from '../../support/view-samples.js';

/**
 * A seeded property-based fuzz of the command parser (tokenizer, argument parser, router) and of
 * the views. Seeded, so a failure is the same on every run and in CI; small, so it takes seconds.
 * A failure prints the seed and the shrunk input: add that input to a plain test when fixing it.
 */
const SEED = 20261125;
const router = buildRouter();

/** The one user id the generated commands mention (as Slack sends a mention): ub may mention it back. */
const MENTIONED = 'U0FUZZ01';

/** Pieces people type: command words, options, quotes, Slack's own syntax, formatting, odd unicode. */
const typedPiece = fc.oneof(
  fc.constantFrom(...router.list().map((s) => s.name)),
  fc.constantFrom('--group', '--role', '--pro', '--message', '--all', '--remove', '--status', '—group=', '–pro'),
  fc.constantFrom('"', '“', '”', "'", '‘', '=', ',', ';', '`', '*', '_', '~', '>', '<', '&', '|', '\n', '\t', ' '),
  fc.constantFrom('admin', 'group_admin', 'user', 'me', '11', '-1', '1e9', '99999999999', 'ada@example.com', '@here'),
  fc.constantFrom(...HOSTILE_TEXTS.filter((text) => text.length < 100)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** What Slack itself puts in command text: entities for mentions, channels, links and special mentions. */
const slackEntity = fc.constantFrom(
  `<@${MENTIONED}|fuzz>`,
  `<@${MENTIONED}>`,
  '<#C0FUZZ01|general>',
  '<mailto:ada@example.com|ada@example.com>',
  '<!here>',
  '<!channel>',
  '<https://evil.example|click>',
);

/** A command text as it reaches ub: what was typed, escaped the way Slack escapes it, with Slack's entities. */
const commandText = fc
  .array(fc.oneof({ weight: 4, arbitrary: typedPiece.map(asSlackSendsIt) }, { weight: 1, arbitrary: slackEntity }), {
    maxLength: 12,
  })
  .chain((pieces) =>
    fc
      .array(fc.constantFrom(' ', '', '  '), { minLength: pieces.length, maxLength: pieces.length })
      .map((gaps) => pieces.map((piece, i) => `${gaps[i]}${piece}`).join('')),
  );

describe('the command parser, fuzzed', () => {
  it('tokenizes anything, or refuses it with a TokenizeError and nothing else', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        try {
          tokenize(text);
        } catch (error) {
          if (!(error instanceof TokenizeError)) throw error;
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('routes anything to a subcommand, a form or a problem, and never throws', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const route = router.route(text);
        expect(['run', 'modal', 'problem']).toContain(route.kind);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('answers a problem without a live control sequence from the input, a stack trace, or a layout Slack refuses', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const route = router.route(text);
        if (route.kind !== 'problem') return;
        const message = problemMessage(route);
        expect(unsafeSequences(message, [MENTIONED])).toEqual([]);
        expect(stackTraces(message)).toEqual([]);
        expect(layoutProblems(message)).toEqual([]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('the views, fuzzed', () => {
  // Names and group names are never blank (services trim and refuse empty ones); anything else goes.
  const text = fc
    .oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(typedPiece, slackEntity), { maxLength: 8 }).map((pieces) => pieces.join('')),
      fc.string({ minLength: 2900, maxLength: 3100 }),
    )
    .filter((s) => s.trim() !== '');

  it('draw every view from any text, with no live control sequence and within Block Kit limits', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const [name, draw] of Object.entries(viewSamples(s))) {
          const payload = draw();
          expect([name, unsafeSequences(payload, SAMPLE_USER_IDS, SAMPLE_LINKS)]).toEqual([name, []]);
          expect([name, layoutProblems(payload)]).toEqual([name, []]);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
