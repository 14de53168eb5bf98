/**
 * PEM private keys pasted where they do not belong — into a signing certificate's
 * CertificateBody, a server certificate's body or chain, a description — are secrets in members
 * that are not themselves secret. Wherever request text is written down (the audit's
 * requestParameters and errorMessage, an error's message, a log line), each such block is
 * replaced whole, as CloudTrail hides a secret value; the rest of the text stays.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */

const HIDDEN_PRIVATE_KEY = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * A PEM private key's first line, of any kind: "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
 * "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK", in any case. The label
 * is bounded, so a long line costs no backtracking.
 */
const HEADER = /-----BEGIN[^\r\n-]{0,40}PRIVATE[^\r\n-]{0,40}-----/gi;
/** The end of a PEM block; a key cut short (no end line) is hidden to the end of the text. */
const END = /-----END[^\r\n-]{0,40}-----/gi;
/** Every header names PRIVATE: text without the word (nearly all) is returned at once. */
const WORD = /private/i;

/** `text` with every PEM private-key block (header to end line) replaced by HIDDEN_PRIVATE_KEY. */
export function hidePrivateKeys(text: string): string {
  if (!WORD.test(text)) return text;
  const parts: string[] = [];
  let from = 0;
  HEADER.lastIndex = 0;
  for (let h = HEADER.exec(text); h !== null; h = HEADER.exec(text)) {
    END.lastIndex = h.index + h[0].length;
    const end = END.exec(text);
    parts.push(text.slice(from, h.index), HIDDEN_PRIVATE_KEY);
    from = end === null ? text.length : end.index + end[0].length;
    HEADER.lastIndex = from;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}
