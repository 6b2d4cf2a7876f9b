import type { BulkItem, InvitationLanguage, LicenseType, Role } from '../domain.js';
import type { InvitationDoc } from '../models/invitation.js';

/** What an invitation DM says: enough for the invitee to know what they are joining. */
export interface InvitationDetails {
  email: string;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  message: string | undefined;
  language: InvitationLanguage;
  /** The Slack user the last invitation DM went to, when known. */
  slackUserId: string | undefined;
  /** Where the last invitation DM landed, when known: a new DM turns that one's Accept off. */
  dm?: { channel: string; ts: string } | undefined;
}

/** A done item of a bulk invitation request (invite, resend): it carries what the DM needs. */
export interface InvitedPerson extends BulkItem {
  reason: string;
  invitation: InvitationDetails;
}

export function invitationDetails(
  doc: Pick<InvitationDoc, 'email' | 'role' | 'licenseType' | 'groupIds' | 'message' | 'slackUserId' | 'language'> &
    Partial<Pick<InvitationDoc, 'dm'>>,
  names: Map<string, string>,
): InvitationDetails {
  return {
    email: doc.email,
    role: doc.role,
    licenseType: doc.licenseType,
    groupNames: doc.groupIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    message: doc.message ?? undefined,
    language: doc.language ?? 'en',
    slackUserId: doc.slackUserId ?? undefined,
    dm: doc.dm ?? undefined,
  };
}
