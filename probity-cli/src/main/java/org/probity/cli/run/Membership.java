package org.probity.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.probity.cli.BadInputException;
import org.probity.core.data.Dataset;
import org.probity.federated.ClientData;
import org.probity.tensor.Tensor;

/**
 * A run folder's {@code membership.json}: which rows trained the run's models (members) and which
 * were held out (non-members), pinned by {@link Dataset#fingerprint()} and row count. The rows
 * themselves are not saved: they are rebuilt from spec.yaml's data section and seed, which is
 * deterministic, and this file lets a membership-inference audit (Shokri et al. 2017; Carlini et
 * al. 2022) check that the rebuilt rows are exactly those the run trained on. A central run's
 * members are its training split as trained on (after label noise and standardisation) and its
 * non-members the test split (rows held out for validation are neither); a federated run's are the
 * union of the clients' training splits and of their test splits (validation rows are neither),
 * each row carrying its client id, and each client's parts are listed too. The writer and the
 * audit's reader share this class, so the two cannot disagree on what a fingerprint covers.
 */
public final class Membership {
  public static final String FORMAT = "probity-membership/1";
  public static final String NOTE = "members trained every model of this run; rebuilt from spec.yaml's data section"
      + " and seed";

  private Membership() {}

  /** One part of the data: the role it had in the run, its size and its fingerprint. */
  public record Part(String role, int rows, String fingerprint) {
    static Part of(String role, Dataset d) {
      return new Part(role, d.size(), d.fingerprint());
    }

    /** True when {@code d} has this part's rows and fingerprint. */
    public boolean matches(Dataset d) {
      return d.size() == rows && d.fingerprint().equals(fingerprint);
    }

    ObjectNode json() {
      ObjectNode o = Json.object();
      o.put("role", role);
      o.put("rows", rows);
      o.put("fingerprint", fingerprint);
      return o;
    }
  }

  /** One federated client's members (its training split) and non-members (its test split). */
  public record Client(int client, Part members, Part nonMembers) {}

  /**
   * A membership.json as read: kind "central" or "federated", the pooled members and non-members,
   * and each client's (empty for central runs).
   */
  public record Saved(String kind, Part members, Part nonMembers, List<Client> clients) {
    public Saved {
      clients = List.copyOf(clients);
    }

    public boolean federated() {
      return kind.equals("federated");
    }
  }

  /** membership.json of a central run. */
  public static ObjectNode of(ExperimentData data) {
    ObjectNode o = head("central");
    o.set("members", Part.of("train", data.train()).json());
    o.set("non_members", Part.of("test", data.test()).json());
    o.put("note", NOTE);
    return o;
  }

  /** membership.json of a federated run. */
  public static ObjectNode of(FederatedExperimentData data) {
    ObjectNode o = head("federated");
    o.set("members", Part.of("train", members(data)).json());
    o.set("non_members", Part.of("test", nonMembers(data)).json());
    ArrayNode clients = o.putArray("clients");
    for (Map.Entry<Integer, ClientData> e : data.clients().entrySet()) {
      ObjectNode c = clients.addObject();
      c.put("client", e.getKey());
      c.set("members", Part.of("train", withClient(e.getValue().train(), e.getKey())).json());
      c.set("non_members", Part.of("test", withClient(e.getValue().test(), e.getKey())).json());
    }
    o.put("note", NOTE);
    return o;
  }

  private static ObjectNode head(String kind) {
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("kind", kind);
    return o;
  }

  /** A federated run's members: the clients' training rows in client order, each row with its client id. */
  public static Dataset members(FederatedExperimentData data) {
    List<Dataset> parts = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    data.clients().forEach((id, c) -> {
      parts.add(c.train());
      ids.add(id);
    });
    return union("members", parts, ids);
  }

  /** A federated run's non-members: the clients' test rows in client order, each row with its client id. */
  public static Dataset nonMembers(FederatedExperimentData data) {
    List<Dataset> parts = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    data.clients().forEach((id, c) -> {
      parts.add(c.test());
      ids.add(id);
    });
    return union("non-members", parts, ids);
  }

  private static Dataset withClient(Dataset d, int id) {
    int[] c = new int[d.size()];
    java.util.Arrays.fill(c, id);
    return d.withClients(c);
  }

  /** The rows of {@code parts} in order, as one labelled dataset whose rows carry {@code ids}. */
  private static Dataset union(String name, List<Dataset> parts, List<Integer> ids) {
    int n = 0;
    boolean groups = true;
    for (Dataset d : parts) {
      n += d.size();
      groups &= d.groups() != null;
    }
    int[] labels = new int[n];
    int[] clients = new int[n];
    int[] groupIds = groups ? new int[n] : null;
    Tensor[] features = new Tensor[parts.size()];
    int at = 0;
    for (int i = 0; i < parts.size(); i++) {
      Dataset d = parts.get(i);
      features[i] = d.features().detach();
      System.arraycopy(d.labels(), 0, labels, at, d.size());
      java.util.Arrays.fill(clients, at, at + d.size(), ids.get(i));
      if (groups) {
        System.arraycopy(d.groups(), 0, groupIds, at, d.size());
      }
      at += d.size();
    }
    Dataset out = Dataset.classification(name, Tensor.concat(0, features), labels, parts.get(0).numClasses());
    return (groups ? out.withGroups(groupIds) : out).withClients(clients);
  }

  /**
   * Reads {@code file}; fails as bad input naming the file when it is missing, is not JSON or
   * lacks a key this format has.
   */
  public static Saved read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("membership file " + file + " does not exist");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(file + " is not a JSON object");
    }
    String format = root.path("format").asText("");
    if (!format.equals(FORMAT)) {
      throw new BadInputException(file + ": format is \"" + format + "\", expected \"" + FORMAT + "\"");
    }
    String kind = root.path("kind").asText("");
    if (!kind.equals("central") && !kind.equals("federated")) {
      throw new BadInputException(file + ": kind is \"" + kind + "\", expected \"central\" or \"federated\"");
    }
    List<Client> clients = new ArrayList<>();
    for (JsonNode c : root.path("clients")) {
      if (!c.path("client").isInt()) {
        throw new BadInputException(file + ": a client entry has no integer \"client\" id");
      }
      int id = c.get("client").asInt();
      clients.add(new Client(id, part(file, c, "members", "clients[" + id + "]."),
          part(file, c, "non_members", "clients[" + id + "].")));
    }
    return new Saved(kind, part(file, root, "members", ""), part(file, root, "non_members", ""), clients);
  }

  private static Part part(Path file, JsonNode parent, String key, String at) {
    JsonNode p = parent.path(key);
    if (!p.path("rows").canConvertToInt() || !p.path("rows").isIntegralNumber() || !p.path("fingerprint").isTextual()) {
      throw new BadInputException(file + ": " + at + key + " needs \"rows\" (an integer) and \"fingerprint\""
          + " (a string)");
    }
    return new Part(p.path("role").asText(""), p.get("rows").asInt(), p.get("fingerprint").asText());
  }
}
