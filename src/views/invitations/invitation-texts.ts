import { invitationLanguageName, type InvitationLanguage, type Role } from '../../services/domain.js';

/**
 * What an invitation DM and the welcome after Accept say, in the languages ub has texts for.
 * Other languages Udemy Business offers fall back to English (`textsFor` says so). `where` is
 * already mrkdwn (a bold organization name, or the words for "your organization").
 */
export interface InvitationTexts {
  yourOrganization: string;
  invitedBy(inviter: string, where: string): string;
  invited(where: string): string;
  youGet(pro: boolean, role: Role): string;
  groups: string;
  accept: string;
  forEmail(email: string): string;
  /** Accepting joins ub; the courses are on the organization's learning site. */
  learnAt(link: string): string;
  learnAsk: string;
  title(organization: string): string;
  welcome(where: string): string;
  alreadyJoined(where: string): string;
  youAre(role: Role, pro: boolean): string;
  startLearning(link: string): string;
  profileHint: string;
  /** What an earlier invitation DM becomes when the invitation is sent again (its Accept goes). */
  sentAgain: string;
}

const english: InvitationTexts = {
  yourOrganization: 'your organization',
  invitedBy: (inviter, where) => `${inviter} invited you to learn with ${where} on Udemy Business.`,
  invited: (where) => `You are invited to learn with ${where} on Udemy Business.`,
  youGet: (pro, role) =>
    `You get a Udemy Business${pro ? ' *Pro*' : ''} license as ${role === 'admin' ? 'an admin' : role === 'group_admin' ? 'a group admin' : 'a learner'}.`,
  groups: 'Groups',
  accept: 'Accept invitation',
  sentAgain:
    ':arrows_counterclockwise: This invitation was sent again: accept it from the newest message from ub below.',
  forEmail: (email) => `The invitation is for ${email}, the email on your Slack profile.`,
  learnAt: (link) => `Accepting here adds you to ub; the courses are on your organization's learning site: ${link}.`,
  learnAsk: 'Accepting here adds you to ub; your admin will tell you where the courses are.',
  title: (organization) => `You are invited to learn with ${organization} on Udemy Business`,
  welcome: (where) => `:tada: Welcome! You have joined ${where}.`,
  alreadyJoined: (where) => `:white_check_mark: You have already joined ${where}; nothing more to do.`,
  youAre: (role, pro) =>
    `You are ${role === 'admin' ? 'an admin' : role === 'group_admin' ? 'a group admin' : 'a learner'} with a ${pro ? 'Pro' : 'standard'} license.`,
  startLearning: (link) => `*Start learning:* ${link}`,
  profileHint: '`/ub user me` shows your profile, groups and license.',
};

const germanRoles: Record<Role, string> = { admin: 'Admin', group_admin: 'Gruppenadmin', user: 'Lernende:r' };
const german: InvitationTexts = {
  yourOrganization: 'deiner Organisation',
  invitedBy: (inviter, where) => `${inviter} hat dich eingeladen, mit ${where} auf Udemy Business zu lernen.`,
  invited: (where) => `Du bist eingeladen, mit ${where} auf Udemy Business zu lernen.`,
  youGet: (pro, role) => `Du erhältst eine Udemy Business-${pro ? '*Pro*-' : ''}Lizenz als ${germanRoles[role]}.`,
  groups: 'Gruppen',
  accept: 'Einladung annehmen',
  sentAgain:
    ':arrows_counterclockwise: Diese Einladung wurde erneut gesendet: nimm sie in der neuesten Nachricht von ub weiter unten an.',
  forEmail: (email) => `Die Einladung gilt für ${email}, die E-Mail-Adresse in deinem Slack-Profil.`,
  learnAt: (link) =>
    `Mit dem Annehmen trittst du ub bei; die Kurse findest du auf der Lernseite deiner Organisation: ${link}.`,
  learnAsk: 'Mit dem Annehmen trittst du ub bei; wo die Kurse sind, erfährst du von deinem Admin.',
  title: (organization) => `Einladung: Lerne mit ${organization} auf Udemy Business`,
  welcome: (where) => `:tada: Willkommen! Du bist ${where} beigetreten.`,
  alreadyJoined: (where) => `:white_check_mark: Du bist ${where} bereits beigetreten; es ist nichts mehr zu tun.`,
  youAre: (role, pro) => `Du bist ${germanRoles[role]} mit einer ${pro ? 'Pro' : 'Standard'}-Lizenz.`,
  startLearning: (link) => `*Jetzt lernen:* ${link}`,
  profileHint: '`/ub user me` zeigt dein Profil, deine Gruppen und deine Lizenz.',
};

const spanishRoles: Record<Role, string> = {
  admin: 'administrador',
  group_admin: 'administrador de grupo',
  user: 'estudiante',
};
const spanish: InvitationTexts = {
  yourOrganization: 'tu organización',
  invitedBy: (inviter, where) => `${inviter} te ha invitado a aprender con ${where} en Udemy Business.`,
  invited: (where) => `Te han invitado a aprender con ${where} en Udemy Business.`,
  youGet: (pro, role) => `Recibes una licencia de Udemy Business${pro ? ' *Pro*' : ''} como ${spanishRoles[role]}.`,
  groups: 'Grupos',
  accept: 'Aceptar invitación',
  sentAgain:
    ':arrows_counterclockwise: Esta invitación se ha enviado de nuevo: acéptala desde el mensaje más reciente de ub, más abajo.',
  forEmail: (email) => `La invitación es para ${email}, el correo electrónico de tu perfil de Slack.`,
  learnAt: (link) =>
    `Al aceptar te unes a ub; los cursos están en el sitio de aprendizaje de tu organización: ${link}.`,
  learnAsk: 'Al aceptar te unes a ub; tu administrador te dirá dónde están los cursos.',
  title: (organization) => `Invitación: aprende con ${organization} en Udemy Business`,
  welcome: (where) => `:tada: ¡Te damos la bienvenida! Te has unido a ${where}.`,
  alreadyJoined: (where) => `:white_check_mark: Ya te has unido a ${where}; no hay nada más que hacer.`,
  youAre: (role, pro) => `Eres ${spanishRoles[role]} con una licencia ${pro ? 'Pro' : 'estándar'}.`,
  startLearning: (link) => `*Empieza a aprender:* ${link}`,
  profileHint: '`/ub user me` muestra tu perfil, tus grupos y tu licencia.',
};

const frenchRoles: Record<Role, string> = {
  admin: 'administrateur',
  group_admin: 'administrateur de groupe',
  user: 'apprenant',
};
const french: InvitationTexts = {
  yourOrganization: 'votre organisation',
  invitedBy: (inviter, where) => `${inviter} vous invite à apprendre avec ${where} sur Udemy Business.`,
  invited: (where) => `Vous êtes invité à apprendre avec ${where} sur Udemy Business.`,
  youGet: (pro, role) =>
    `Vous recevez une licence Udemy Business${pro ? ' *Pro*' : ''} en tant qu'${frenchRoles[role]}.`,
  groups: 'Groupes',
  accept: "Accepter l'invitation",
  sentAgain:
    ':arrows_counterclockwise: Cette invitation a été renvoyée : acceptez-la depuis le message le plus récent de ub, plus bas.',
  forEmail: (email) => `L'invitation est destinée à ${email}, l'adresse e-mail de votre profil Slack.`,
  learnAt: (link) =>
    `En acceptant, vous rejoignez ub ; les cours se trouvent sur le site de formation de votre organisation : ${link}.`,
  learnAsk: 'En acceptant, vous rejoignez ub ; votre administrateur vous indiquera où se trouvent les cours.',
  title: (organization) => `Invitation : apprenez avec ${organization} sur Udemy Business`,
  welcome: (where) => `:tada: Bienvenue ! Vous avez rejoint ${where}.`,
  alreadyJoined: (where) => `:white_check_mark: Vous avez déjà rejoint ${where} ; rien d'autre à faire.`,
  youAre: (role, pro) => `Vous êtes ${frenchRoles[role]} avec une licence ${pro ? 'Pro' : 'standard'}.`,
  startLearning: (link) => `*Commencez à apprendre :* ${link}`,
  profileHint: '`/ub user me` affiche votre profil, vos groupes et votre licence.',
};

const byLanguage: Partial<Record<InvitationLanguage, InvitationTexts>> = {
  en: english,
  de: german,
  es: spanish,
  fr: french,
};

/** The languages ub writes invitations in; the others fall back to English. */
export const WRITTEN_LANGUAGES = Object.keys(byLanguage) as InvitationLanguage[];

/**
 * The texts for a language, and, when ub has none for it, the English sentence that says so
 * (for the invitee in the DM, and for the admin in the invite result).
 */
export function textsFor(language: string): { texts: InvitationTexts; fallbackNote: string | undefined } {
  const texts = byLanguage[language as InvitationLanguage];
  if (texts) return { texts, fallbackNote: undefined };
  const name = invitationLanguageName(language);
  return {
    texts: english,
    fallbackNote: `This invitation was meant to be in ${name}; ub has no ${name} text yet, so it is in English.`,
  };
}
