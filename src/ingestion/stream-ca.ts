import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { HandflowError, errorMessage } from '../core/errors.js';
import type { InputFailure } from './ffmpeg-input.js';

/** The certificates TLS streams must present (`--stream-ca`, `capture.streamCaFile`). */
export interface StreamCa {
  /** The file, as an absolute path (ffmpeg reads it too). */
  readonly file: string;
  /** Its PEM text. */
  readonly pem: string;
}

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** Far more than any chain of certificates: a larger file is not one. */
const MAX_BYTES = 1024 * 1024;

/**
 * Reads the file of certificates streams are checked against, each time a source opens a stream (so a renewed file
 * counts from the next session on), and checks that every certificate in it reads.
 *
 * @throws HandflowError INVALID_OPTION when it cannot be read, holds no PEM certificate or one that does not read.
 */
export function readStreamCa(file: string): StreamCa {
  const path = resolve(file);
  let pem: string;
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size > MAX_BYTES) {
      throw new Error(info.isFile() ? `it is ${info.size} bytes, more than a file of certificates` : 'it is not a file');
    }
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HandflowError('INVALID_OPTION', `--stream-ca ${file} (capture.streamCaFile) cannot be read: ${errorMessage(error)}`, { cause: error });
  }
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new HandflowError(
      'INVALID_OPTION',
      `--stream-ca ${file} (capture.streamCaFile) holds no certificate: give a PEM file (${PEM_CERTIFICATE} ...) of the camera's certificate or of the authority that signed it`,
    );
  }
  // TLS would ignore a block it cannot read, and then trust nothing: say which one instead.
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new HandflowError('INVALID_OPTION', `--stream-ca ${file} (capture.streamCaFile): certificate ${index + 1} of ${blocks.length} cannot be read (${errorMessage(error)})`);
    }
  }
  return { file: path, pem };
}

/** TLS options for a connection to a stream: its certificate checked against `ca`, or, without --stream-ca, not (as ffmpeg 5.1's default, tls_verify 0). */
export function streamTlsOptions(ca: StreamCa | undefined): { readonly rejectUnauthorized: boolean; readonly ca?: string } {
  return ca === undefined ? { rejectUnauthorized: false } : { ca: ca.pem, rejectUnauthorized: true };
}

/**
 * Why the stream at `peer` (`host:port`) was refused, when `error` says its certificate is not one `ca` vouches for:
 * a lasting refusal (connecting again would be refused the same way). Undefined for any other error.
 */
export function certificateRefusal(peer: string, ca: StreamCa | undefined, error: NodeJS.ErrnoException): InputFailure | undefined {
  if (ca === undefined || !isCertificateError(error)) return undefined;
  return {
    reason: `the camera at ${peer} presents a certificate that --stream-ca ${ca.file} does not vouch for (${error.message}): put the camera's certificate, or the authority that signed it, in that file`,
    lasting: true,
  };
}

/** Node's TLS errors about the peer's certificate: not trusted, expired, or for another host. */
function isCertificateError(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(error.code ?? '');
}
