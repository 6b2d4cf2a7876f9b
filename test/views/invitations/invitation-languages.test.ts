import { describe, expect, it } from '@jest/globals';
import { INVITATION_LANGUAGES } from '../../../src/services/domain.js';
import { invitationAcceptedBlocks, invitationDmBlocks } from '../../../src/views/invitations/invitation-dm-blocks.js';
import { WRITTEN_LANGUAGES } from '../../../src/views/invitations/invitation-texts.js';
import { validateBlocks } from '../../support/fake-slack/index.js';

const dm = (language: string, learningUrl?: string) =>
  invitationDmBlocks({
    organizationName: 'Acme',
    inviterSlackId: 'UADA',
    email: 'ann@acme.test',
    role: 'user',
    licenseType: 'pro',
    groupNames: ['Sales'],
    message: undefined,
    language,
    learningUrl,
  });

describe('invitation DMs in the invitation language', () => {
  it('are written in English, German, Spanish and French', () => {
    expect(WRITTEN_LANGUAGES).toEqual(['en', 'de', 'es', 'fr']);
    const expected: Record<string, [string, string]> = {
      en: ['<@UADA> invited you to learn with *Acme* on Udemy Business.', 'Accept invitation'],
      de: ['<@UADA> hat dich eingeladen, mit *Acme* auf Udemy Business zu lernen.', 'Einladung annehmen'],
      es: ['<@UADA> te ha invitado a aprender con *Acme* en Udemy Business.', 'Aceptar invitación'],
      fr: ['<@UADA> vous invite à apprendre avec *Acme* sur Udemy Business.', "Accepter l'invitation"],
    };
    for (const [language, [headline, button]] of Object.entries(expected)) {
      const { blocks } = dm(language);
      expect(validateBlocks(blocks, 'message')).toEqual([]);
      const all = JSON.stringify(blocks);
      expect(all).toContain(headline);
      expect(all).toContain(button);
      expect(all).not.toContain('ub has no');
    }
  });

  it('fall back to English for the other languages Udemy Business offers, and say so', () => {
    for (const { code, name } of INVITATION_LANGUAGES.filter((l) => !WRITTEN_LANGUAGES.includes(l.code))) {
      const all = JSON.stringify(dm(code).blocks);
      expect(all).toContain('invited you to learn with');
      expect(all).toContain(
        `This invitation was meant to be in ${name}; ub has no ${name} text yet, so it is in English.`,
      );
    }
  });

  it('link to the learning site, since accepting in Slack logs nobody in to the courses', () => {
    expect(JSON.stringify(dm('en', 'https://acme.udemy.com').blocks)).toContain(
      "Accepting here adds you to ub; the courses are on your organization's learning site: <https://acme.udemy.com|https://acme.udemy.com>.",
    );
    expect(JSON.stringify(dm('en').blocks)).toContain('your admin will tell you where the courses are');
    const welcome = invitationAcceptedBlocks({
      organizationName: 'Acme',
      role: 'user',
      licenseType: 'standard',
      groupNames: [],
      alreadyJoined: false,
      language: 'de',
      learningUrl: 'https://acme.udemy.com',
    });
    expect(welcome.text).toBe('Willkommen! Du bist Acme beigetreten.');
    expect(JSON.stringify(welcome.blocks)).toContain('*Jetzt lernen:* <https://acme.udemy.com|https://acme.udemy.com>');
  });
});
