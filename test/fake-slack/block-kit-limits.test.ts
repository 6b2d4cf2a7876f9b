import { describe, expect, it } from '@jest/globals';
import { validateBlocks, validateView } from '../support/fake-slack/index.js';

const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Go' }, ...extra });
const options = (n: number) => Array.from({ length: n }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` }));
const plain = (text: string) => ({ type: 'plain_text', text });
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('Invite'), blocks: [section('hi')], ...extra });

describe('Block Kit limits the fake Slack enforces', () => {
  it('accepts a well-formed message', () => {
    expect(validateBlocks([section('hello'), { type: 'actions', elements: [button('a'), button('b')] }], 'message')).toEqual([]);
  });

  it('allows 50 blocks in a message and 100 in a modal or Home tab, not more', () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`s${i}`));
    expect(validateBlocks(blocks(50), 'message')).toEqual([]);
    expect(validateBlocks(blocks(51), 'message')[0]).toMatch(/no more than 50 items/);
    expect(validateBlocks(blocks(100), 'modal')).toEqual([]);
    expect(validateBlocks(blocks(101), 'home')[0]).toMatch(/no more than 100 items/);
  });

  it('wants section text of 1 to 3,000 characters', () => {
    expect(validateBlocks([section('x'.repeat(3000))], 'message')).toEqual([]);
    expect(validateBlocks([section('x'.repeat(3001))], 'message')[0]).toMatch(/1 to 3000 characters/);
    expect(validateBlocks([section('')], 'message')[0]).toMatch(/1 to 3000 characters/);
  });

  it('allows at most 10 section fields of 2,000 characters each', () => {
    const fields = (n: number, len = 5) => Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'f'.repeat(len) }));
    expect(validateBlocks([{ type: 'section', fields: fields(10) }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'section', fields: fields(11) }], 'message')[0]).toMatch(/no more than 10 items/);
    expect(validateBlocks([{ type: 'section', fields: fields(1, 2001) }], 'message')[0]).toMatch(/at most 2000/);
  });

  it('wants a plain_text header of at most 150 characters', () => {
    expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(150)) }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(151)) }], 'message')[0]).toMatch(/at most 150/);
    expect(validateBlocks([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], 'message')[0]).toMatch(/plain_text/);
  });

  it('allows at most 10 context elements and 25 action elements', () => {
    const ctx = (n: number) => ({ type: 'context', elements: Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'c' })) });
    expect(validateBlocks([ctx(10)], 'message')).toEqual([]);
    expect(validateBlocks([ctx(11)], 'message')[0]).toMatch(/no more than 10 items/);
    const actions = (n: number) => ({ type: 'actions', elements: Array.from({ length: n }, (_, i) => button(`a${i}`)) });
    expect(validateBlocks([actions(25)], 'message')).toEqual([]);
    expect(validateBlocks([actions(26)], 'message')[0]).toMatch(/no more than 25 items/);
  });

  it('limits input labels, hints and plain_text_input max_length, and keeps inputs out of messages', () => {
    const input = (label: string, extra: Record<string, unknown> = {}, element: Record<string, unknown> = {}) => ({
      type: 'input',
      label: plain(label),
      element: { type: 'plain_text_input', action_id: 'v', ...element },
      ...extra,
    });
    expect(validateBlocks([input('Emails', { hint: plain('One per line') }, { max_length: 3000 })], 'modal')).toEqual([]);
    expect(validateBlocks([input('l'.repeat(2001))], 'modal')[0]).toMatch(/label: must be at most 2000/);
    expect(validateBlocks([input('ok', { hint: plain('h'.repeat(2001)) })], 'modal')[0]).toMatch(/hint: must be at most 2000/);
    expect(validateBlocks([input('ok', {}, { max_length: 3001 })], 'modal')[0]).toMatch(/max_length/);
    expect(validateBlocks([input('ok')], 'message')[0]).toMatch(/only allowed in modals/);
  });

  it('limits button text, value, action_id and url', () => {
    expect(validateBlocks([{ type: 'actions', elements: [button('a', { text: plain('t'.repeat(76)) })] }], 'message')[0]).toMatch(/text: must be at most 75/);
    expect(validateBlocks([{ type: 'actions', elements: [button('a', { value: 'v'.repeat(2001) })] }], 'message')[0]).toMatch(/value: must be at most 2000/);
    expect(validateBlocks([{ type: 'actions', elements: [button('a'.repeat(256))] }], 'message')[0]).toMatch(/action_id: must be at most 255/);
    expect(validateBlocks([{ type: 'actions', elements: [button('a', { url: `https://x/${'u'.repeat(3000)}` })] }], 'message')[0]).toMatch(/url: must be at most 3000/);
  });

  it('wants action_id and block_id unique within a message, block_id at most 255', () => {
    expect(validateBlocks([{ type: 'actions', elements: [button('same'), button('same')] }], 'message')[0]).toMatch(/duplicate action_id same/);
    expect(validateBlocks([section('a', { block_id: 'b' }), section('b', { block_id: 'b' })], 'message')[0]).toMatch(/duplicate block_id b/);
    expect(validateBlocks([section('a', { block_id: 'b'.repeat(256) })], 'message')[0]).toMatch(/block_id: must be at most 255/);
  });

  it('allows 100 select options of text 75 and value 150', () => {
    const select = (opts: unknown[]) => [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: opts }] }];
    expect(validateBlocks(select(options(100)), 'message')).toEqual([]);
    expect(validateBlocks(select(options(101)), 'message')[0]).toMatch(/no more than 100 items/);
    expect(validateBlocks(select([{ text: plain('t'.repeat(76)), value: 'v' }]), 'message')[0]).toMatch(/text: must be at most 75/);
    expect(validateBlocks(select([{ text: plain('t'), value: 'v'.repeat(151) }]), 'message')[0]).toMatch(/value: must be at most 150/);
  });

  it('wants 2 to 5 overflow options', () => {
    const overflow = (n: number) => [section('s', { accessory: { type: 'overflow', action_id: 'o', options: options(n) } })];
    expect(validateBlocks(overflow(2), 'message')).toEqual([]);
    expect(validateBlocks(overflow(1), 'message')[0]).toMatch(/2 to 5 options/);
    expect(validateBlocks(overflow(6), 'message')[0]).toMatch(/2 to 5 options/);
  });

  it('limits confirmation dialogs: title 100, text 300, confirm and deny 30', () => {
    const confirm = (over: Record<string, unknown>) => [
      { type: 'actions', elements: [button('a', { confirm: { title: plain('Sure?'), text: plain('Really'), confirm: plain('Yes'), deny: plain('No'), ...over } })] },
    ];
    expect(validateBlocks(confirm({}), 'message')).toEqual([]);
    expect(validateBlocks(confirm({ title: plain('t'.repeat(101)) }), 'message')[0]).toMatch(/title: must be at most 100/);
    expect(validateBlocks(confirm({ text: plain('t'.repeat(301)) }), 'message')[0]).toMatch(/text: must be at most 300/);
    expect(validateBlocks(confirm({ confirm: plain('c'.repeat(31)) }), 'message')[0]).toMatch(/confirm: must be at most 30/);
    expect(validateBlocks(confirm({ deny: plain('d'.repeat(31)) }), 'message')[0]).toMatch(/deny: must be at most 30/);
  });

  it('rejects unknown block types', () => {
    expect(validateBlocks([{ type: 'table' }], 'message')[0]).toMatch(/unknown block type table/);
  });
});

describe('view limits', () => {
  it('accepts a well-formed modal and Home tab', () => {
    expect(validateView(modal())).toEqual([]);
    expect(validateView({ type: 'home', blocks: [section('home')] })).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters of plain_text', () => {
    expect(validateView(modal({ title: plain('t'.repeat(25)) }))[0]).toMatch(/title: must be at most 24/);
    expect(validateView(modal({ submit: plain('s'.repeat(25)) }))[0]).toMatch(/submit: must be at most 24/);
    expect(validateView(modal({ close: plain('c'.repeat(25)) }))[0]).toMatch(/close: must be at most 24/);
  });

  it('limits callback_id to 255 and private_metadata to 3,000 characters', () => {
    expect(validateView(modal({ callback_id: 'c'.repeat(256) }))[0]).toMatch(/callback_id: must be at most 255/);
    expect(validateView(modal({ private_metadata: 'p'.repeat(3001) }))[0]).toMatch(/private_metadata: must be at most 3000/);
  });

  it('requires submit when a modal has an input block', () => {
    const withInput = modal({ blocks: [{ type: 'input', label: plain('Email'), element: { type: 'plain_text_input', action_id: 'e' } }] });
    expect(validateView(withInput)[0]).toMatch(/submit: is required/);
    expect(validateView({ ...withInput, submit: plain('Invite') })).toEqual([]);
  });
});
