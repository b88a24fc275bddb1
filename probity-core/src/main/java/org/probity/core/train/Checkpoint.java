package org.probity.core.train;

import java.util.Map;
import org.probity.core.provenance.Provenance;
import org.probity.tensor.nn.Params;

/**
 * A checkpoint as read back: the parameters, the step it was taken after, the provenance of the
 * run that wrote it (null when it carries none), and the whole safetensors metadata.
 */
public record Checkpoint(Params params, int step, Provenance provenance, Map<String, String> metadata) {
  public Checkpoint {
    metadata = Map.copyOf(metadata);
  }
}
