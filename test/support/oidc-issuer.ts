/**
 * A real OpenID Connect issuer for tests: an HTTPS server on 127.0.0.1 whose certificate is issued
 * at test time by a throwaway CA (@peculiar/x509 over WebCrypto), serving the discovery document
 * and the JWKS, and signing tokens with `jose`. It presents the chain [server, CA], so the AWS
 * thumbprint of the issuer is the SHA-1 of the CA certificate. Its keys and its certificate can be
 * rotated, and it counts the requests it answers.
 */
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { type Server, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type Server as HttpsServer, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { type CryptoKey, type JWK, type JWTPayload, SignJWT, base64url, exportJWK, generateKeyPair } from 'jose';
import type { TestServer } from './server.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TlsMaterial {
  readonly key: string;
  /** Server certificate then CA certificate, PEM. */
  readonly cert: string;
  /** AWS thumbprint: SHA-1 of the CA certificate (the last of the chain), hex. */
  readonly thumbprint: string;
  /** The CA certificate alone, PEM (to trust it as a system CA: NODE_EXTRA_CA_CERTS). */
  readonly ca: string;
}

/** A fresh CA and a server certificate for 127.0.0.1 / localhost signed by it. */
export async function makeTls(): Promise<TlsMaterial> {
  const now = Date.now();
  const caKeys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Rolegate Test CA', notBefore: new Date(now - 3600_000), notAfter: new Date(now + 86400_000),
    signingAlgorithm: EC, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: 'CN=127.0.0.1', issuer: ca.subject, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 86400_000),
    signingAlgorithm: EC, publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  const thumbprint = createHash('sha1').update(Buffer.from(ca.rawData)).digest('hex');
  return { key, cert: `${leaf.toString('pem')}\n${ca.toString('pem')}\n`, thumbprint, ca: `${ca.toString('pem')}\n` };
}

interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface IssuerOptions {
  /** Plain HTTP (for the development switch). */
  readonly insecure?: boolean;
  /** A path after the host, e.g. '/tenant-a'. */
  readonly path?: string;
  readonly cacheControl?: string;
}

export class OidcIssuer {
  url = '';
  tls: TlsMaterial | undefined;
  /** Requests answered, by path. */
  readonly hits = new Map<string, number>();
  keys: SigningKey[] = [];
  #server: Server | undefined;
  #options: IssuerOptions;

  private constructor(options: IssuerOptions) {
    this.#options = options;
  }

  static async start(options: IssuerOptions = {}): Promise<OidcIssuer> {
    const issuer = new OidcIssuer(options);
    issuer.keys = [await signingKey('key-1'), await signingKey('key-ec', 'ES256')];
    const handler: Parameters<typeof createHttpServer>[1] = (req, res) => issuer.#serve(req.url ?? '/', res);
    if (options.insecure === true) issuer.#server = createHttpServer(handler);
    else {
      issuer.tls = await makeTls();
      issuer.#server = createHttpsServer({ key: issuer.tls.key, cert: issuer.tls.cert }, handler);
    }
    const server = issuer.#server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    issuer.url = `${options.insecure === true ? 'http' : 'https'}://127.0.0.1:${port}${options.path ?? ''}`;
    return issuer;
  }

  #serve(path: string, res: ServerResponse): void {
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const base = new URL(this.url).pathname.replace(/\/$/, '');
    const headers = { 'content-type': 'application/json', 'cache-control': this.#options.cacheControl ?? 'max-age=300' };
    if (path === `${base}/.well-known/openid-configuration`) {
      res.writeHead(200, headers).end(JSON.stringify({ issuer: this.url, jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
    } else if (path === `${base}/keys`) {
      res.writeHead(200, headers).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
    } else res.writeHead(404).end();
  }

  /** The host[:port][/path] AWS keys condition keys and ARNs by. */
  get name(): string {
    return this.url.replace(/^https?:\/\//, '');
  }

  /** A signed token: iss, iat, exp (+1h) filled in unless given; `kid`/`alg` pick the key. */
  async token(claims: JWTPayload, options: { kid?: string; header?: Record<string, unknown> } = {}): Promise<string> {
    const key = this.keys.find((k) => k.kid === (options.kid ?? 'key-1')) ?? this.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.url, iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
      .sign(key.privateKey);
  }

  /**
   * A token signed with the RSA key over any header, bypassing jose's checks at signing time
   * (for headers jose refuses to produce, such as an unknown `crit`).
   */
  async rawToken(header: Record<string, unknown>, payload: JWTPayload): Promise<string> {
    const key = this.keys[0]!;
    const input = `${base64url.encode(JSON.stringify({ alg: 'RS256', kid: key.kid, ...header }))}.${base64url.encode(JSON.stringify(payload))}`;
    const sig = await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, Buffer.from(input));
    return `${input}.${base64url.encode(new Uint8Array(sig))}`;
  }

  /** Key rotation: a new key (kid) replaces the first one in the JWKS. */
  async rotateKey(kid: string): Promise<void> {
    this.keys = [await signingKey(kid), ...this.keys.slice(1)];
  }

  /** Serve a certificate from another CA from now on (same URL). */
  async rotateCertificate(): Promise<TlsMaterial> {
    const tls = await makeTls();
    (this.#server as HttpsServer).setSecureContext({ key: tls.key, cert: tls.cert });
    this.tls = tls;
    return tls;
  }

  /** The first signing key's public JWK (for key-confusion attacks). */
  get publicJwk(): JWK {
    return this.keys[0]!.jwk;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// Test helpers for web identity federation against a TestServer.

export const DENIED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

/** A trust policy for web identity federation through `providerArn`. */
export function trustWebIdentity(providerArn: string, condition: object = {}, actions: string | string[] = 'sts:AssumeRoleWithWebIdentity'): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: actions, ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }) }],
  };
}

/** An STS client with no usable credentials: the call must go unsigned. */
export const anonymousSts = (t: TestServer): STSClient =>
  new STSClient({ endpoint: t.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIANOTAREALKEY00000', secretAccessKey: 'x'.repeat(40) } });

export async function register(t: TestServer, issuer: OidcIssuer, clientIds = ['sts.amazonaws.com'], thumbprints = [issuer.tls?.thumbprint ?? 'a'.repeat(40)]): Promise<string> {
  const r = await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: clientIds, ThumbprintList: thumbprints }));
  return r.OpenIDConnectProviderArn!;
}
