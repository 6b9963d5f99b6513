/**
 * A throw-away PKI for tests: a CA, server certificates for localhost, client certificates with CN/O
 * (Kubernetes reads CN as the user and O as groups). ECDSA P-256 via WebCrypto and @peculiar/x509.
 */
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(crypto);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

export interface Issued {
  cert: string;
  key: string;
}

export interface TestCa extends Issued {
  issue(options: { commonName: string; organizations?: string[]; server?: boolean; client?: boolean; hosts?: string[] }): Promise<Issued>;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

let serial = 1;
const nextSerial = () => (Date.now().toString(16) + (serial++).toString(16).padStart(4, "0")).replace(/^0+/, "1");

export async function createTestCa(name = "periscope-test-ca"): Promise<TestCa> {
  const keys = (await crypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: caCert.toString("pem"),
    key: await pemKey(keys.privateKey),
    async issue({ commonName, organizations = [], server = false, client = false, hosts = ["localhost", "127.0.0.1"] }) {
      const leafKeys = (await crypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
      const escape = (v: string) => v.replace(/([,+"\\<>;=])/g, "\\$1");
      const subject = [`CN=${escape(commonName)}`, ...organizations.map((o) => `O=${escape(o)}`)].join(", ");
      const usages: string[] = [];
      if (server) usages.push(x509.ExtendedKeyUsage.serverAuth);
      if (client) usages.push(x509.ExtendedKeyUsage.clientAuth);
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension(usages, false),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      ];
      if (server) {
        extensions.push(
          new x509.SubjectAlternativeNameExtension(
            hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(":") ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h })),
          ),
        );
      }
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: nextSerial(),
        subject,
        issuer: caCert.subject,
        notBefore,
        notAfter,
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ALG,
        extensions,
      });
      return { cert: cert.toString("pem"), key: await pemKey(leafKeys.privateKey) };
    },
  };
}
