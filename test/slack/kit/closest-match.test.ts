import { describe, expect, it } from '@jest/globals';
import { closestMatch, editDistance } from '../../../src/slack/kit/closest-match.js';

describe('closestMatch', () => {
  const names = ['invite', 'invitations', 'deactivate', 'reactivate', 'users', 'user', 'help'];

  it('finds a typo and a transposition', () => {
    expect(closestMatch('invtie', names)).toBe('invite');
    expect(closestMatch('deactivte', names)).toBe('deactivate');
  });

  it('completes a prefix', () => {
    expect(closestMatch('deact', names)).toBe('deactivate');
  });

  it('suggests nothing for something unrelated', () => {
    expect(closestMatch('banana', names)).toBeUndefined();
  });

  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});
