import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A self-signed certificate made with openssl for a test server, and its files. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate's PEM file: what `--stream-ca` is given to trust it. */
  readonly certFile: string;
}

/** A fresh EC key and a self-signed certificate for `altName` (`IP:127.0.0.1`, `DNS:cam1.lan`), written into `folder`. */
export function makeTestCertificate(folder: string, name: string, altName: string): TestCertificate {
  const keyFile = join(folder, `${name}.key.pem`);
  const certFile = join(folder, `${name}.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${altName}`],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
