/** The authentication parameters as found, before the checks they share in either form. */
export interface RawAuth {
  readonly credential: string;
  readonly signature: string;
  readonly signedHeaders: string;
  readonly date: string;
  readonly presigned: boolean;
  readonly securityToken?: string;
  readonly expiresSeconds?: number;
}
