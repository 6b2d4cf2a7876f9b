/**
 * Text a hostile (or unlucky) workspace member can type or store: Slack's control sequences, the
 * formatting characters, look-alikes of what Slack sends escaped, and text long enough to break
 * a layout that does not cut it.
 */
export const HOSTILE_TEXTS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<@U123|boss>',
  '<#C123|general>',
  '<https://evil.example|click>',
  '<!subteam^S123|@team>',
  '&lt;!channel&gt;',
  '@channel @here @everyone',
  '*bold* _italic_ ~strike~',
  '`code` ```block```',
  '> quoted',
  'a & b < c > d',
  '<<!channel>>',
  'x'.repeat(5000),
  '<!channel>'.repeat(500),
  '\u202e<!here>\u200b',
];

/** How Slack puts typed text into a slash command: `&`, `<` and `>` escaped, nothing else. */
export function asSlackSendsIt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
