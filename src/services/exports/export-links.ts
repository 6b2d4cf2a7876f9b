import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a download link works (rules: 24 hours by default). */
export const EXPORT_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * The key that signs download links, derived from a signing secret: a link key never equals a
 * secret used elsewhere, and rotating SLACK_SIGNING_SECRET (new,old) keeps links made with the
 * old one working until they expire (docs/decisions/027-csv-exports.md).
 */
export function exportLinkKey(signingSecret: string): Buffer {
  return createHmac('sha256', signingSecret).update('ub export download links v1').digest();
}

/** What a link signs: the export, the person it was made for, and its expiry (Unix seconds). */
export interface ExportLinkClaims {
  exportId: string;
  requester: string;
  expires: number;
}

export function signExportLink(key: Buffer, claims: ExportLinkClaims): string {
  return createHmac('sha256', key).update(`${claims.exportId}\n${claims.requester}\n${claims.expires}`).digest('hex');
}

/** `PUBLIC_URL/exports/<id>?expires=…&sig=…` */
export function exportLinkUrl(publicUrl: string, key: Buffer, claims: ExportLinkClaims): string {
  const sig = signExportLink(key, claims);
  return `${publicUrl}/exports/${claims.exportId}?expires=${claims.expires}&sig=${sig}`;
}

/** True when `sig` is the signature of these claims under one of the keys, compared in constant time. */
export function exportLinkSigned(keys: readonly Buffer[], claims: ExportLinkClaims, sig: string): boolean {
  const given = Buffer.from(sig, 'hex');
  let valid = false;
  for (const key of keys) {
    const expected = Buffer.from(signExportLink(key, claims), 'hex');
    // Every key is tried (no early return), and lengths are checked before the constant-time compare.
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
