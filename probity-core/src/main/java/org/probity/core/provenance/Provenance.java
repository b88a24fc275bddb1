package org.probity.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.data.Dataset;
import org.probity.tensor.kernel.Kernels;

/**
 * Where a result came from, after Tribuo's provenance (Oracle Labs; every model knows its
 * configuration, seed, data and platform): the hash of the resolved spec, the root seed, the git
 * commit, Probity's and its libraries' versions, the JVM, OS, architecture and processor count,
 * the GEMM backend and thread count (float sums may differ between backends), the fingerprint of
 * every dataset used, and the privacy parameters where a run is private. Every run folder,
 * checkpoint and audit carries one, so two numbers can be compared only when their provenance
 * says they are comparable. Serialised with Jackson; the field order is the record's.
 *
 * @param specHash SHA-256 (hex) of the resolved spec text
 * @param seed the root seed every stream derives from
 * @param gitCommit the commit of the code, or "unknown"
 * @param probityVersion Probity's version, or "unknown" outside a packaged build
 * @param libraries library name to version (java, jackson-databind, ...)
 * @param jvmVendor java.vm.vendor
 * @param jvmVersion java.runtime.version
 * @param osName os.name
 * @param osVersion os.version
 * @param arch os.arch
 * @param processors available processors
 * @param kernelBackend the GEMM backend ("VECTOR" or "PLAIN")
 * @param kernelThreads threads large products may use
 * @param datasets role ("train", "test") to dataset name and fingerprint
 * @param privacy privacy parameters (epsilon, delta, noise multiplier, ...); empty when not private
 * @param created when this provenance was captured (ISO-8601 instant)
 */
public record Provenance(String specHash, long seed, String gitCommit, String probityVersion,
    Map<String, String> libraries, String jvmVendor, String jvmVersion, String osName, String osVersion, String arch,
    int processors, String kernelBackend, int kernelThreads, Map<String, DatasetFingerprint> datasets,
    Map<String, Object> privacy, String created) {

  /** A dataset as provenance records it: its name, size and content fingerprint. */
  public record DatasetFingerprint(String name, int size, String fingerprint) {
    public static DatasetFingerprint of(Dataset d) {
      return new DatasetFingerprint(d.name(), d.size(), d.fingerprint());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Provenance {
    libraries = frozen(libraries);
    datasets = frozen(datasets);
    privacy = frozen(privacy);
  }

  private static <V> Map<String, V> frozen(Map<String, V> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /**
   * Captures the provenance of a run of {@code resolvedSpec} with root {@code seed} on these
   * {@code datasets} (role to dataset, e.g. "train" and "test"), here and now.
   */
  public static Provenance capture(String resolvedSpec, long seed, Map<String, Dataset> datasets) {
    Map<String, DatasetFingerprint> info = new LinkedHashMap<>();
    if (datasets != null) {
      for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
        info.put(e.getKey(), DatasetFingerprint.of(e.getValue()));
      }
    }
    return new Provenance(sha256(resolvedSpec == null ? "" : resolvedSpec), seed, Platform.gitCommit(),
        Platform.probityVersion(), Platform.libraries(), System.getProperty("java.vm.vendor"),
        System.getProperty("java.runtime.version"), System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), Kernels.backend().name(),
        Kernels.threads(), info, Map.of(), Instant.now().toString());
  }

  /** The same provenance with these privacy parameters (epsilon, delta, noise multiplier, ...). */
  public Provenance withPrivacy(Map<String, Object> parameters) {
    return new Provenance(specHash, seed, gitCommit, probityVersion, libraries, jvmVendor, jvmVersion, osName,
        osVersion, arch, processors, kernelBackend, kernelThreads, datasets, parameters, created);
  }

  /** Pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("provenance: cannot serialise to JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads what {@link #toJson()} wrote (for example from a checkpoint's metadata). */
  public static Provenance fromJson(String json) {
    try {
      return JSON.readValue(json, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("provenance: not valid provenance JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
