/**
 * The cluster's PKI, generated on first start and reused after: a CA, the API server's serving
 * certificate, an admin client certificate (CN=system:admin, O=system:masters, as k3s does)
 * a join token, and the key that signs service account tokens. ECDSA P-256 keys: fast to
 * generate and accepted by Go's TLS stack.
 */
import { generateKeyPairSync, X509Certificate as NodeX509, randomBytes, webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import { join } from "node:path";
import type * as X509 from "@peculiar/x509";

const crypto = webcrypto as unknown as Crypto;
let x509: typeof X509;

/** Loads the certificate library only when something must be issued (first start). */
async function loadX509(): Promise<void> {
  if (x509) return;
  await import("reflect-metadata");
  x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(crypto);
}

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000;

export interface Pki {
  readonly caCert: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  /** Bearer token that authenticates as the admin (also the agents' join token). */
  readonly token: string;
  /** The private key (PKCS#8 PEM, ECDSA P-256) that signs service account tokens. */
  readonly serviceAccountKey: string;
}

export interface PkiOptions {
  /** Directory holding the files (created with mode 0700). */
  readonly dir: string;
  /** Extra SANs for the serving certificate (addresses or DNS names). */
  readonly extraSans?: readonly string[];
  /** The first address of the service CIDR (the `kubernetes` Service's ClusterIP). */
  readonly serviceIp: string;
}

async function pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey("pkcs8", key));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END PRIVATE KEY-----\n`;
}

async function importKey(pemText: string): Promise<CryptoKey> {
  const b64 = pemText.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return crypto.subtle.importKey("pkcs8", Buffer.from(b64, "base64"), alg, true, ["sign"]);
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
}

function serial(): string {
  const b = randomBytes(16);
  b[0]! &= 0x7f;
  return b.toString("hex");
}

/** The host's addresses, link-local ones left out (they need a zone to be reached by). */
export function hostAddresses(): NetworkInterfaceInfo[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.address.startsWith("fe80"));
}

/** Every address and name the server can be reached by, plus the cluster-internal names. */
export function servingSans(serviceIp: string, extra: readonly string[] = []): string[] {
  const ips = new Set(["127.0.0.1", "::1", serviceIp]);
  for (const a of hostAddresses()) ips.add(a.address);
  const names = new Set([
    "localhost",
    hostname(),
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
  ]);
  for (const e of extra) (/^[\d.]+$|:/.test(e) ? ips : names).add(e);
  return [...names, ...ips];
}

function sanExtension(sans: readonly string[]): X509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(
    sans.map((s) =>
      /^[\d.]+$|:/.test(s) ? { type: "ip" as const, value: s } : { type: "dns" as const, value: s },
    ),
  );
}

async function leaf(
  ca: { cert: X509.X509Certificate; key: CryptoKey },
  subject: string,
  usage: "server" | "client",
  sans: readonly string[] = [],
): Promise<{ cert: string; key: string }> {
  const keys = await keyPair();
  const now = Date.now();
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension(
      [usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
      false,
    ),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
  ];
  if (sans.length) extensions.push(sanExtension(sans));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.cert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + TEN_YEARS),
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: alg,
    extensions,
  });
  return { cert: cert.toString("pem") + "\n", key: await pem(keys.privateKey) };
}

function write(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
}

/**
 * Loads the PKI from `dir`, creating whatever is missing. The serving certificate is
 * re-issued when the host gained an address it does not cover.
 */
export async function ensurePki(opts: PkiOptions): Promise<Pki> {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const f = (n: string) => join(opts.dir, n);
  if (!existsSync(f("service-account.key"))) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    write(f("service-account.key"), privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  }
  const sans = servingSans(opts.serviceIp, opts.extraSans);
  const complete =
    ["ca.crt", "ca.key", "serving.key", "admin.key", "token"].every((n) => existsSync(f(n))) &&
    coversAll(f("serving.crt"), sans) &&
    nonEmpty(f("admin.crt"));
  if (complete) return readPki(f);
  await loadX509();
  let ca: { cert: X509.X509Certificate; key: CryptoKey };
  if (existsSync(f("ca.crt")) && existsSync(f("ca.key"))) {
    ca = {
      cert: new x509.X509Certificate(readFileSync(f("ca.crt"), "utf8")),
      key: await importKey(readFileSync(f("ca.key"), "utf8")),
    };
  } else {
    const keys = await keyPair();
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=k8ts-server-ca@${Math.floor(now / 1000)}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + TEN_YEARS),
      keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    ca = { cert, key: keys.privateKey };
    write(f("ca.key"), await pem(keys.privateKey));
    write(f("ca.crt"), cert.toString("pem") + "\n");
    for (const n of ["serving.crt", "admin.crt"]) if (existsSync(f(n))) write(f(n), "");
  }

  if (!coversAll(f("serving.crt"), sans)) {
    const s = await leaf(ca, "CN=kube-apiserver", "server", sans);
    write(f("serving.key"), s.key);
    write(f("serving.crt"), s.cert);
  }
  if (!nonEmpty(f("admin.crt"))) {
    const a = await leaf(ca, "CN=system:admin, O=system:masters", "client");
    write(f("admin.key"), a.key);
    write(f("admin.crt"), a.cert);
  }
  if (!existsSync(f("token"))) write(f("token"), `K10${randomBytes(24).toString("hex")}\n`);
  return readPki(f);
}

function nonEmpty(file: string): boolean {
  return existsSync(file) && readFileSync(file, "utf8") !== "";
}

function readPki(f: (n: string) => string): Pki {
  return {
    caCert: readFileSync(f("ca.crt"), "utf8"),
    servingCert: readFileSync(f("serving.crt"), "utf8"),
    servingKey: readFileSync(f("serving.key"), "utf8"),
    adminCert: readFileSync(f("admin.crt"), "utf8"),
    adminKey: readFileSync(f("admin.key"), "utf8"),
    token: readFileSync(f("token"), "utf8").trim(),
    serviceAccountKey: readFileSync(f("service-account.key"), "utf8"),
  };
}

function coversAll(file: string, sans: readonly string[]): boolean {
  if (!nonEmpty(file)) return false;
  // Node's own X.509 parser: "DNS:localhost, IP Address:127.0.0.1, ..."
  const alt = new NodeX509(readFileSync(file, "utf8")).subjectAltName ?? "";
  const have = new Set(alt.split(", ").map((e) => canonical(e.replace(/^(DNS|IP Address):/, ""))));
  return sans.every((s) => have.has(canonical(s)));
}

/** IPv6 addresses in one spelling (Node prints them expanded: 0:0:0:0:0:0:0:1). */
function canonical(s: string): string {
  if (!s.includes(":")) return s;
  try {
    return new URL(`http://[${s}]/`).hostname;
  } catch {
    return s;
  }
}
