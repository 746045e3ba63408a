/**
 * TLS for `--https`: the certificate and key given (--cert/--key, PEM files), or a self-signed one
 * made at start for this run only (browsers warn once; the page is then a secure context, which
 * cross-origin isolation and so SharedArrayBuffer need on any address but localhost).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface TlsPair {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 fingerprint of the certificate (AA:BB:…), for users to compare with the browser's. */
  readonly fingerprint: string;
  readonly selfSigned: boolean;
}

/** Read a PEM certificate and key; throws an Error whose message names the bad file. */
export function readTlsPair(certFile: string, keyFile: string): TlsPair {
  const read = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
  };
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new Error(`${certFile} is not a PEM certificate`, { cause: err });
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new Error(`${keyFile} is not a PEM private key`);
  return { cert, key, fingerprint: x509.fingerprint256, selfSigned: false };
}

/** A self-signed certificate for `names` (host names and IP addresses), valid 30 days. */
export async function selfSignedPair(names: readonly string[]): Promise<TlsPair> {
  const altNames = [...new Set(names)].map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'TabMPC (self-signed, this run only)' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: new X509Certificate(pems.cert).fingerprint256, selfSigned: true };
}
