// The receiver's own certificate for https (a sender under test that only posts to https URLs): made on
// first use for localhost, 127.0.0.1 and ::1, self-signed, kept in <home>/receiver-tls/ and made again
// when it nears its end. Senders trust it by its file (NODE_EXTRA_CA_CERTS=…/cert.pem, curl --cacert);
// Hooklab's own sender accepts it while "trust local dev certificates" is on. Generated with
// @peculiar/x509 on Node's WebCrypto (an X.509 encoder is not something to write by hand).
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ReceiverCert {
  key: string
  cert: string
  /** Where the certificate is, for senders to trust. */
  certFile: string
  notAfter: Date
}

const VALID_DAYS = 365
/** Made again when it has less than this left. */
const RENEW_BEFORE_MS = 30 * 86_400_000

function certDir(home: string): string {
  return join(home, 'receiver-tls')
}

/** Where the receiver's certificate is (or will be, once https is first turned on). */
export function certFile(home: string): string {
  return join(certDir(home), 'cert.pem')
}

/** The certificate and key in `home`, made (or made again) when missing, unreadable or near its end. */
export async function receiverCert(home: string, now = Date.now()): Promise<ReceiverCert> {
  const dir = certDir(home)
  const file = certFile(home)
  const keyFile = join(dir, 'key.pem')
  if (existsSync(file) && existsSync(keyFile)) {
    try {
      const cert = readFileSync(file, 'utf8')
      const notAfter = new Date(new NodeX509(cert).validTo)
      if (notAfter.getTime() - now > RENEW_BEFORE_MS) return { key: readFileSync(keyFile, 'utf8'), cert, certFile: file, notAfter }
    } catch {
      /* unreadable: made again below */
    }
  }
  const made = await makeCert(now)
  mkdirSync(dir, { recursive: true })
  writeFileSync(keyFile, made.key, { mode: 0o600 })
  chmodSync(keyFile, 0o600)
  writeFileSync(file, made.cert)
  return { ...made, certFile: file }
}

async function makeCert(now: number): Promise<Omit<ReceiverCert, 'certFile'>> {
  // Loaded only to make a certificate: it costs ~60 ms, which every CLI start would otherwise pay.
  const x509 = await import('@peculiar/x509')
  x509.cryptoProvider.set(webcrypto as unknown as Crypto)
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair
  const notBefore = new Date(now - 60_000)
  const notAfter = new Date(now + VALID_DAYS * 86_400_000)
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
  serial[0] = serial[0]! & 0x7f // positive
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: 'CN=Hooklab local receiver',
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions: [
      // Its own issuer: a sender trusts this one certificate (it can sign nothing else).
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
    ],
  })
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey))
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`
  return { key, cert: `${cert.toString('pem')}\n`, notAfter }
}
