package org.probity.deploy.secagg;

/**
 * A secure-aggregation round that cannot complete correctly — fewer than the threshold t of clients
 * remain at some phase, or a reconstructed secret fails its check — and therefore returns no sum at all
 * rather than a wrong one (Bonawitz et al., CCS 2017: the server aborts when |U_i| &lt; t).
 */
public final class SecAggAbortedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SecAggAbortedException(String message) {
    super(message);
  }
}
