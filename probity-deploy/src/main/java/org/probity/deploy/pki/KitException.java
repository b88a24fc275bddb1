package org.probity.deploy.pki;

/**
 * A kit or federation folder that cannot be used: a file is missing, is not the PEM object it should
 * be, or does not fit the rest of the kit (a key that does not match its certificate, a certificate
 * not signed by the kit's CA). The message names the folder, the file and what was expected, so an
 * operator can fix the kit without reading code. It is an {@link IllegalArgumentException} because
 * a kit is input, like a spec.
 */
public final class KitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KitException(String message) {
    super(message);
  }

  public KitException(String message, Throwable cause) {
    super(message, cause);
  }
}
