package org.probity.deploy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Supplier;
import org.probity.deploy.pki.CertificateAuthority;
import org.probity.deploy.pki.KitException;
import org.probity.deploy.pki.Pem;
import org.probity.deploy.pki.SiteKit;

/**
 * The revocation list a running server checks, reloadable without a restart: {@link #watching}
 * re-reads the kit's crl.pem when the file changes (its inode, size or time: provisioning replaces
 * it by an atomic rename), {@link #reload} forces a read, {@link #set} installs a CRL obtained
 * otherwise. A new CRL is accepted only if the CA signed it and its CRL number (RFC 5280 §5.2.3) is
 * not lower than the current one, so a corrupt or replayed old file cannot un-revoke a site; a
 * refused file is logged and the last good CRL stays in force.
 */
public final class CrlSource implements Supplier<X509CRL> {
  private static final System.Logger LOG = System.getLogger(CrlSource.class.getName());

  private final Path file;
  private final X509Certificate ca;
  private volatile X509CRL current;
  private Object stamp;

  private CrlSource(Path file, X509Certificate ca, X509CRL initial) {
    this.file = file;
    this.ca = ca;
    this.current = Objects.requireNonNull(initial, "initial CRL");
    this.stamp = file == null ? null : stampOf(file);
  }

  /** A CRL that never changes. */
  public static CrlSource fixed(X509CRL crl) {
    return new CrlSource(null, null, crl);
  }

  /** The kit's CRL, re-read from the kit's crl.pem whenever that file is replaced. */
  public static CrlSource watching(SiteKit kit) {
    return watching(kit.dir().resolve(SiteKit.CRL), kit.caCertificate(), kit.crl());
  }

  /** {@code initial}, then {@code crlFile} whenever it changes, accepted only if signed by {@code ca}. */
  public static CrlSource watching(Path crlFile, X509Certificate ca, X509CRL initial) {
    return new CrlSource(crlFile.toAbsolutePath(), Objects.requireNonNull(ca, "ca"), initial);
  }

  /** The CRL in force; for a watching source, first picks up a replaced file (one stat per call). */
  @Override
  public X509CRL get() {
    if (file != null) {
      Object s = stampOf(file);
      if (s != null && !s.equals(stamp)) {
        synchronized (this) {
          if (!s.equals(stamp)) {
            stamp = s;
            try {
              install(Pem.readCrl(file));
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "CRL {0} not reloaded, keeping CRL #{1}: {2}", file,
                  CertificateAuthority.crlNumber(current), e.getMessage());
            }
          }
        }
      }
    }
    return current;
  }

  /** Re-reads the watched file now; a bad file is a {@link KitException} and the current CRL stays. */
  public synchronized X509CRL reload() {
    if (file == null) {
      return current;
    }
    stamp = stampOf(file);
    install(Pem.readCrl(file));
    return current;
  }

  /** Installs {@code crl} (checked as for a reloaded file). */
  public synchronized void set(X509CRL crl) {
    install(crl);
  }

  private void install(X509CRL crl) {
    if (ca != null) {
      try {
        crl.verify(ca.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new KitException("CRL " + (file == null ? "" : file + " ") + "is not signed by the federation CA "
            + ca.getSubjectX500Principal(), e);
      }
    }
    long now = CertificateAuthority.crlNumber(current);
    long next = CertificateAuthority.crlNumber(crl);
    if (next < now) {
      throw new KitException("CRL " + (file == null ? "" : file + " ") + "has number #" + next
          + ", older than the CRL #" + now + " in force; refusing to roll back revocations");
    }
    if (next > now) {
      LOG.log(System.Logger.Level.INFO, "CRL #{0} in force ({1} revoked)", next,
          crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size());
    }
    current = crl;
  }

  private static Object stampOf(Path f) {
    try {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      return java.util.List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return null; // missing for now: keep what we have
    }
  }
}
