/**
 * The local identity provider's signing key: an RSA key pair kept as a JWK in
 * `<data-dir>/identity-key.json` (mode 0600), created on first use, so that `npm start`
 * and `npm run token` sign and verify with the same key. RS256 because API Gateway's JWT
 * authorizer accepts only RSA-based algorithms (and Cognito signs with RS256): a token the
 * local authorizer accepts is one the deployed authorizer could accept too.
 */
import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import * as z from 'zod';

export const SIGNING_ALGORITHM = 'RS256';
export const SIGNING_KEY_FILE = 'identity-key.json';

export interface SigningKey {
  /** The `kid` of every token signed with it (the JWK thumbprint). */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** What a verifier needs: the public half. */
export type VerificationKey = Pick<SigningKey, 'kid' | 'publicKey'>;

const PrivateRsaJwk = z.object({
  kty: z.literal('RSA'),
  alg: z.literal(SIGNING_ALGORITHM),
  kid: z.string().min(1),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});
type PrivateRsaJwk = z.infer<typeof PrivateRsaJwk>;

/** A fresh key pair, kept in memory only (tests). */
export async function generateSigningKey(): Promise<SigningKey> {
  return signingKeyOf(await generatePrivateJwk());
}

/**
 * The key in `<dataDirectory>/identity-key.json`, created when there is none. Two processes
 * starting at once end up with the same key: the file appears whole (written aside, then
 * hard-linked into place), and the one that loses the race reads the winner's.
 */
export async function loadOrCreateSigningKey(dataDirectory: string): Promise<SigningKey> {
  const file = path.join(dataDirectory, SIGNING_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return signingKeyOf(existing);

  await mkdir(dataDirectory, { recursive: true });
  const created = await generatePrivateJwk();
  const aside = `${file}.${randomUUID()}.tmp`;
  await writeFile(aside, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, file);
    return signingKeyOf(created);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(file);
    if (!winner) throw new Error(`${file} vanished while it was being created`);
    return signingKeyOf(winner);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

async function readKeyFile(file: string): Promise<PrivateRsaJwk | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A private key readable by others is tightened rather than trusted as is.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON: delete it to create a new signing key (tokens signed with the old one stop working)`);
  }
  const parsed = PrivateRsaJwk.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${file} is not an ${SIGNING_ALGORITHM} private JWK (${z.prettifyError(parsed.error)}): delete it to create a new signing key`,
    );
  }
  return parsed.data;
}

async function generatePrivateJwk(): Promise<PrivateRsaJwk> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return PrivateRsaJwk.parse({ ...jwk, alg: SIGNING_ALGORITHM, kid });
}

async function signingKeyOf(jwk: PrivateRsaJwk): Promise<SigningKey> {
  const { kty, n, e, kid } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    importJWK(jwk, SIGNING_ALGORITHM, { extractable: false }),
    importJWK({ kty, n, e }, SIGNING_ALGORITHM, { extractable: true }),
  ]);
  return { kid, privateKey: privateKey as CryptoKey, publicKey: publicKey as CryptoKey };
}
