/**
 * Typed errors of the policy engine. Bad input (a document a client sent) throws
 * MalformedPolicyDocumentError with AWS's exact message; caller misuse throws TypeError.
 */
export class MalformedPolicyDocumentError extends Error {
  readonly code = 'MalformedPolicyDocument';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPolicyDocumentError';
  }
}
