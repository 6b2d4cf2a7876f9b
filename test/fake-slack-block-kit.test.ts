import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { WebClient } from '@slack/web-api';
import { FakeSlack, fakeSlackClient, slackError, validateBlocks, validateView } from './support/fake-slack/index.js';

let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await FakeSlack.start();
  client = fakeSlackClient(fake);
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.stop();
});

type Block = Record<string, unknown>;
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string, extra: Block = {}): Block => ({ type: 'section', text: mrkdwn(text), ...extra });
const sections = (n: number) => Array.from({ length: n }, (_, i) => section(`s${i}`));
const button = (actionId: string, extra: Block = {}): Block => ({
  type: 'button',
  action_id: actionId,
  text: plain('Go'),
  ...extra,
});
const actions = (...elements: Block[]): Block => ({ type: 'actions', elements });
const options = (n: number, text = 'o', value = 'v') =>
  Array.from({ length: n }, (_, i) => ({ text: plain(`${text}${i}`), value: `${value}${i}` }));
const select = (extra: Block, type = 'static_select'): Block => ({
  type,
  action_id: 'pick',
  placeholder: plain('Pick'),
  ...extra,
});
const confirm = (extra: Block = {}) => ({
  title: plain('Sure?'),
  text: plain('Really?'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...extra,
});
const input = (extra: Block = {}, element: Block = {}): Block => ({
  type: 'input',
  label: plain('Emails'),
  element: { type: 'plain_text_input', action_id: 'emails', ...element },
  ...extra,
});
const modal = (extra: Block = {}): Block => ({
  type: 'modal',
  title: plain('Invite'),
  submit: plain('Invite'),
  blocks: [section('hi')],
  ...extra,
});

/** Each case: the blocks Slack refuses in a message, and the words of its complaint. */
const refusedMessages: Array<[string, Block[], RegExp]> = [
  ['51 blocks', sections(51), /blocks: no more than 50 items/],
  ['section text of 3,001 characters', [section('x'.repeat(3001))], /1 to 3000 characters \(got 3001\)/],
  ['empty section text', [section('')], /1 to 3000 characters \(got 0\)/],
  ['a section with neither text nor fields', [{ type: 'section' }], /needs text or fields/],
  [
    '11 section fields',
    [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
    /fields: no more than 10 items/,
  ],
  [
    'a section field of 2,001 characters',
    [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }],
    /fields\[0\]: must be at most 2000/,
  ],
  ['a header of 151 characters', [{ type: 'header', text: plain('h'.repeat(151)) }], /text: must be at most 150/],
  ['a mrkdwn header', [{ type: 'header', text: mrkdwn('h') }], /must be a plain_text object/],
  [
    '11 context elements',
    [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
    /elements: no more than 10 items/,
  ],
  ['a button in a context block', [{ type: 'context', elements: [button('b')] }], /must be an image or a text object/],
  [
    '26 action elements',
    [actions(...Array.from({ length: 26 }, (_, i) => button(`a${i}`)))],
    /elements: no more than 25 items/,
  ],
  ['button text of 76 characters', [actions(button('a', { text: plain('t'.repeat(76)) }))], /text: must be at most 75/],
  [
    'button value of 2,001 characters',
    [actions(button('a', { value: 'v'.repeat(2001) }))],
    /value: must be at most 2000/,
  ],
  ['button action_id of 256 characters', [actions(button('a'.repeat(256)))], /action_id: must be at most 255/],
  [
    'button url of 3,001 characters',
    [actions(button('a', { url: `https://x.test/${'u'.repeat(2986)}` }))],
    /url: must be at most 3000/,
  ],
  [
    'a button style Slack does not have',
    [actions(button('a', { style: 'green' }))],
    /style: must be primary or danger/,
  ],
  [
    'the same action_id twice',
    [actions(button('same')), section('s', { accessory: button('same') })],
    /duplicate action_id same/,
  ],
  [
    'the same block_id twice',
    [section('a', { block_id: 'b' }), section('b', { block_id: 'b' })],
    /duplicate block_id b/,
  ],
  ['a block_id of 256 characters', [section('a', { block_id: 'b'.repeat(256) })], /block_id: must be at most 255/],
  ['101 select options', [actions(select({ options: options(101) }))], /options: no more than 100 items/],
  [
    '101 multi-select options',
    [actions(select({ options: options(101) }, 'multi_static_select'))],
    /options: no more than 100 items/,
  ],
  [
    '101 option groups',
    [
      actions(
        select({
          option_groups: Array.from({ length: 101 }, (_, i) => ({ label: plain(`g${i}`), options: options(1) })),
        }),
      ),
    ],
    /option_groups: no more than 100 items/,
  ],
  [
    'an option text of 76 characters',
    [actions(select({ options: [{ text: plain('t'.repeat(76)), value: 'v' }] }))],
    /options\[0\]\.text: must be at most 75/,
  ],
  [
    'an option value of 151 characters',
    [actions(select({ options: [{ text: plain('t'), value: 'v'.repeat(151) }] }))],
    /options\[0\]\.value: must be at most 150/,
  ],
  ['a select with no options', [actions(select({}))], /needs either options or option_groups/],
  [
    'an overflow with 1 option',
    [section('s', { accessory: { type: 'overflow', action_id: 'o', options: options(1) } })],
    /must have 2 to 5 options/,
  ],
  [
    'an overflow with 6 options',
    [section('s', { accessory: { type: 'overflow', action_id: 'o', options: options(6) } })],
    /must have 2 to 5 options/,
  ],
  [
    'a confirm title of 101 characters',
    [actions(button('a', { confirm: confirm({ title: plain('t'.repeat(101)) }) }))],
    /confirm\.title: must be at most 100/,
  ],
  [
    'a confirm text of 301 characters',
    [actions(button('a', { confirm: confirm({ text: plain('t'.repeat(301)) }) }))],
    /confirm\.text: must be at most 300/,
  ],
  [
    'a confirm button of 31 characters',
    [actions(button('a', { confirm: confirm({ confirm: plain('c'.repeat(31)) }) }))],
    /confirm\.confirm: must be at most 30/,
  ],
  [
    'a deny button of 31 characters',
    [actions(button('a', { confirm: confirm({ deny: plain('d'.repeat(31)) }) }))],
    /confirm\.deny: must be at most 30/,
  ],
  ['an unknown block type', [{ type: 'table' }], /unknown block type table/],
  [
    'an element where it does not belong',
    [actions({ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' })],
    /image is not allowed here/,
  ],
];

/** The largest messages Slack still takes: each limit reached, not passed. */
const acceptedMessages: Array<[string, Block[]]> = [
  ['50 blocks', sections(50)],
  [
    'section text of 3,000 characters and 10 fields of 2,000',
    [section('x'.repeat(3000), { fields: Array.from({ length: 10 }, () => mrkdwn('f'.repeat(2000))) })],
  ],
  ['a header of 150 characters', [{ type: 'header', text: plain('h'.repeat(150)) }]],
  ['10 context elements', [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }]],
  [
    '25 buttons at their limits',
    [
      actions(
        ...Array.from({ length: 25 }, (_, i) =>
          button(`${i}`.padEnd(255, 'a'), {
            text: plain('t'.repeat(75)),
            value: 'v'.repeat(2000),
            url: `https://x.test/${'u'.repeat(2985)}`,
          }),
        ),
      ),
    ],
  ],
  [
    '100 select options of 75 and 150 characters',
    [actions(select({ options: options(100, 't'.repeat(72), 'v'.repeat(147)) }))],
  ],
  [
    '100 option groups',
    [
      actions(
        select(
          { option_groups: Array.from({ length: 100 }, (_, i) => ({ label: plain(`g${i}`), options: options(2) })) },
          'multi_static_select',
        ),
      ),
    ],
  ],
  [
    'overflows of 2 and 5 options',
    [
      section('a', { accessory: { type: 'overflow', action_id: 'o2', options: options(2) } }),
      section('b', { accessory: { type: 'overflow', action_id: 'o5', options: options(5) } }),
    ],
  ],
  [
    'a confirm dialog at its limits',
    [
      actions(
        button('a', {
          confirm: confirm({
            title: plain('t'.repeat(100)),
            text: plain('t'.repeat(300)),
            confirm: plain('c'.repeat(30)),
            deny: plain('d'.repeat(30)),
          }),
        }),
      ),
    ],
  ],
  ['a block_id of 255 characters', [section('a', { block_id: 'b'.repeat(255) })]],
];

describe('Block Kit limits in messages', () => {
  it.each(refusedMessages)('refuses %s with invalid_blocks and the reason', async (_name, blocks, reason) => {
    expect(validateBlocks(blocks, 'message')).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    const { error, data } = await slackError(
      client.apiCall('chat.postMessage', { channel: 'C1', text: 'fallback', blocks }),
    );
    expect(error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\[ERROR\] .*\[json-pointer:\/blocks/)]),
    );
    expect(data.response_metadata?.messages?.join('\n')).toMatch(new RegExp(reason.source.replace(/^.*?: /, '')));
  });

  it.each(acceptedMessages)('takes %s', async (_name, blocks) => {
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect((await client.apiCall('chat.postMessage', { channel: 'C1', text: 'fallback', blocks })).ok).toBe(true);
  });

  it('applies the same limits to chat.postEphemeral and chat.update', async () => {
    const tooMany = sections(51);
    expect(
      (
        await slackError(
          client.apiCall('chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'x', blocks: tooMany }),
        )
      ).error,
    ).toBe('invalid_blocks');
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(
      (await slackError(client.apiCall('chat.update', { channel: 'C1', ts: posted.ts, text: 'x', blocks: tooMany })))
        .error,
    ).toBe('invalid_blocks');
  });

  it('names the problem in errors as well as in response_metadata, as Slack does', async () => {
    const { data } = await slackError(
      client.apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: [section('')] }),
    );
    expect(data.errors).toEqual(['must be 1 to 3000 characters (got 0) [json-pointer:/blocks/0/text]']);
  });
});

/** Each case: a view Slack refuses, and the words of its complaint. */
const refusedViews: Array<[string, Block, RegExp]> = [
  ['a modal of 101 blocks', modal({ blocks: sections(101) }), /blocks: no more than 100 items/],
  ['a modal title of 25 characters', modal({ title: plain('t'.repeat(25)) }), /view\.title: must be at most 24/],
  ['a mrkdwn modal title', modal({ title: mrkdwn('Invite') }), /view\.title: must be a plain_text object/],
  ['a submit label of 25 characters', modal({ submit: plain('s'.repeat(25)) }), /view\.submit: must be at most 24/],
  ['a close label of 25 characters', modal({ close: plain('c'.repeat(25)) }), /view\.close: must be at most 24/],
  [
    'a callback_id of 256 characters',
    modal({ callback_id: 'c'.repeat(256) }),
    /view\.callback_id: must be at most 255/,
  ],
  [
    'private_metadata of 3,001 characters',
    modal({ private_metadata: 'p'.repeat(3001) }),
    /view\.private_metadata: must be at most 3000/,
  ],
  [
    'an input without a submit button',
    modal({ submit: undefined, blocks: [input()] }),
    /view\.submit: is required when the view has input blocks/,
  ],
  [
    'an input label of 2,001 characters',
    modal({ blocks: [input({ label: plain('l'.repeat(2001)) })] }),
    /label: must be at most 2000/,
  ],
  [
    'an input hint of 2,001 characters',
    modal({ blocks: [input({ hint: plain('h'.repeat(2001)) })] }),
    /hint: must be at most 2000/,
  ],
  [
    'a plain_text_input max_length over 3,000',
    modal({ blocks: [input({}, { max_length: 3001 })] }),
    /max_length: must be at most 3000/,
  ],
  [
    'the same action_id in two inputs',
    modal({ blocks: [input({ block_id: 'a' }), input({ block_id: 'b' })] }),
    /duplicate action_id emails/,
  ],
  ['an unknown block type', modal({ blocks: [{ type: 'table' }] }), /unknown block type table/],
];

describe('view limits', () => {
  it.each(refusedViews)('views.open refuses %s with invalid_arguments and the reason', async (_name, view, reason) => {
    expect(validateView(view)).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
    const { error, data } = await slackError(client.apiCall('views.open', { trigger_id: fake.issueTriggerId(), view }));
    expect(error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages?.join('\n')).toMatch(new RegExp(reason.source.replace(/^.*?: /, '')));
  });

  it('takes a modal at its limits: 100 blocks, 24-character labels, 255-character callback_id, 3,000 characters of metadata', async () => {
    const view = modal({
      title: plain('t'.repeat(24)),
      submit: plain('s'.repeat(24)),
      close: plain('c'.repeat(24)),
      callback_id: 'c'.repeat(255),
      private_metadata: 'p'.repeat(3000),
      blocks: [
        ...sections(98),
        input({ label: plain('l'.repeat(2000)), hint: plain('h'.repeat(2000)) }, { max_length: 3000 }),
        input({ block_id: 'other' }, { action_id: 'other' }),
      ],
    });
    expect(validateView(view)).toEqual([]);
    expect((await client.apiCall('views.open', { trigger_id: fake.issueTriggerId(), view })).ok).toBe(true);
  });

  it('limits a Home tab to 100 blocks', async () => {
    expect(validateView({ type: 'home', blocks: sections(100) })).toEqual([]);
    expect(
      (await client.apiCall('views.publish', { user_id: 'U1', view: { type: 'home', blocks: sections(100) } })).ok,
    ).toBe(true);
    const { error } = await slackError(
      client.apiCall('views.publish', { user_id: 'U1', view: { type: 'home', blocks: sections(101) } }),
    );
    expect(error).toBe('invalid_arguments');
    expect(validateBlocks(sections(101), 'home')).toEqual([expect.stringMatching(/no more than 100 items/)]);
  });

  it('wants action_ids unique across a whole view, as in a message', () => {
    expect(validateView(modal({ blocks: [actions(button('go')), section('s', { accessory: button('go') })] }))).toEqual(
      [expect.stringMatching(/duplicate action_id go/)],
    );
  });

  it('refuses what is not a modal or Home tab', () => {
    expect(validateView({ type: 'workflow_step', blocks: [] })).toEqual(['view.type: must be modal or home']);
    expect(validateView('modal')).toEqual(['view: must be an object']);
  });
});
