package org.probity.deploy.pki;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The logic of {@code probity certs init} and {@code probity certs revoke}, kept free of picocli so
 * the CLI only parses options: each method calls {@link Provisioning} and prints a short summary
 * (paths, SHA-256 fingerprints to compare when kits are handed over, the revoked serial) that an
 * operator can paste into a change ticket. Errors propagate as exceptions with their own messages.
 */
public final class CertsCommands {
  private CertsCommands() {}

  /** {@code certs init --out OUT --sites a,b,c [--server HOST[:PORT]]}. */
  public static void init(Path out, String sitesCsv, String serverHost, PrintWriter pw) throws IOException {
    Provisioning.Provisioned p = Provisioning.init(out, parseSites(sitesCsv), serverHost);
    Path root = p.outDir();
    pw.printf("Created federation %s in %s%n", p.federation(), root);
    pw.printf("  CA      %s%n", root.resolve(Provisioning.CA_DIR).resolve(Provisioning.CA_CERT));
    pw.printf("          SHA-256 %s%n", CertInfo.fingerprint(p.caCertificate()));
    pw.printf("          key %s (mode 600): keep it here, never copy it into a kit%n",
        root.resolve(Provisioning.CA_DIR).resolve(Provisioning.CA_KEY));
    pw.printf("  CRL     %s (#1, empty)%n", root.resolve(Provisioning.CA_DIR).resolve(Provisioning.CA_CRL));
    kitLine(pw, "server", p.server());
    for (SiteKit k : p.sites()) {
      kitLine(pw, "site", k);
    }
    pw.printf("Server address in every kit.yaml: %s%n", p.server().server());
    pw.printf("Give %s/ to the server and %s/<name>/ to each site; check the fingerprints on arrival.%n",
        Provisioning.SERVER_DIR, Provisioning.SITES_DIR);
    pw.flush();
  }

  /** {@code certs revoke --out OUT --site NAME}. */
  public static void revoke(Path out, String site, PrintWriter pw) throws IOException {
    Provisioning.Revoked r = Provisioning.revoke(out, site);
    if (r.alreadyRevoked()) {
      pw.printf("Site %s (serial %s) was already revoked; CRL re-signed as #%d and re-copied.%n",
          r.site(), CertInfo.serialHex(r.serial()), r.crlNumber());
    } else {
      pw.printf("Revoked site %s: serial %s added to CRL #%d (%d revoked in all).%n", r.site(),
          CertInfo.serialHex(r.serial()), r.crlNumber(), r.crl().getRevokedCertificates().size());
    }
    for (Path f : r.crlFiles()) {
      pw.printf("  wrote %s%n", f);
    }
    pw.printf("A running server reading its kit's %s refuses %s from its next handshake; copy the new %s to a "
        + "server kit that lives on another machine.%n", SiteKit.CRL, r.site(), SiteKit.CRL);
    pw.flush();
  }

  /** "a, b,c" → [a, b, c]; an empty entry is an error naming the list. */
  static List<String> parseSites(String csv) {
    if (csv == null || csv.isBlank()) {
      throw new IllegalArgumentException("--sites is empty: expected a comma-separated list like a,b,c");
    }
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",", -1)) {
      String t = s.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("--sites \"" + csv + "\" has an empty entry: expected names separated by single commas");
      }
      out.add(t);
    }
    return out;
  }

  private static void kitLine(PrintWriter pw, String kind, SiteKit k) {
    pw.printf("  %-7s %s  CN=%s serial %s%n", kind, k.dir(), k.name(),
        CertInfo.serialHex(k.certificate().getSerialNumber()));
    pw.printf("          SHA-256 %s%n", k.fingerprint());
  }
}
