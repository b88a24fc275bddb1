package org.probity.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.probity.cli.progress.Progress;
import org.probity.cli.files.AtomicFiles;
import org.probity.cli.run.Json;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.CombinedRepro;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probity repro ID}: runs a paper's small-scale reproduction (found through
 * {@link ServiceLoader} on {@link Repro}) and prints each claim with its statement, the numbers
 * measured and PASS or FAIL; {@code --json} also writes them as
 * {@code {"id", "paper", "mode", "seed", "claims": [{"id", "statement", "measured": {...}, "pass"}],
 * "pass"}}. Exits 1 when a claim fails, 2 for an unknown id.
 */
@Command(
    name = "repro",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Runs a paper's small-scale reproduction and checks each of its claims.", ""},
    footer = {"",
        "JSON written by --json FILE (atomically):",
        "  {\"id\": \"term\", \"paper\": \"...\", \"mode\": \"quick\", \"seed\": 1,",
        "   \"claims\": [{\"id\": \"...\", \"statement\": \"...\", \"measured\": {\"name\": 0.91},",
        "                \"pass\": true}], \"pass\": true}",
        "Exit codes: 0 every claim holds, 1 a claim failed, 2 bad input."})
public final class ReproCommand implements Callable<Integer> {
  /** Output lines are wrapped at this width; the statements are long. */
  static final int WIDTH = 100;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The reproduction to run (see --list).")
  String id;

  @Option(names = "--list", description = "List the reproductions: id, paper, number of claims.")
  boolean list;

  @ArgGroup(exclusive = true)
  ModeOption mode;

  static final class ModeOption {
    @Option(names = "--quick", description = "The quick mode, sized for CI (the default).")
    boolean quick;

    @Option(names = "--full", description = "The full mode: more seeds, for the documentation.")
    boolean full;
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Root seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path json;

  /**
   * Every registered reproduction, by id, with parts registered under one id merged. A registration that cannot be loaded (a class named in
   * META-INF/services that is missing or broken) is reported on {@code err} and skipped, so one
   * broken reproduction does not hide the others.
   */
  static List<Repro> repros(PrintWriter err) {
    List<Repro> all = new ArrayList<>();
    Iterator<Repro> it = ServiceLoader.load(Repro.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        all.add(it.next());
      } catch (ServiceConfigurationError e) {
        err.println("probity repro: warning: skipping a reproduction that cannot be loaded: "
            + Probity.oneLine(e.getMessage()));
        err.flush();
      }
    }
    // Parts of one paper's reproduction from different modules run as one, core's part first.
    all.sort(Comparator.comparing(Repro::id).thenComparing(r -> r.getClass().getName()));
    return CombinedRepro.merge(all);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Repro> all = repros(spec.commandLine().getErr());
    if (list) {
      if (id != null) {
        throw new BadInputException("give either an ID or --list, not both");
      }
      if (all.isEmpty()) {
        out.println("no reproductions are registered");
      }
      int w = all.stream().mapToInt(r -> r.id().length()).max().orElse(2);
      for (Repro r : all) {
        int n = r.claims().size();
        out.printf(Locale.ROOT, "%-" + w + "s  %d claim%s  %s%n", r.id(), n, n == 1 ? " " : "s", r.paper());
      }
      out.flush();
      return 0;
    }
    String known = all.isEmpty() ? "none are registered" : "known: " + String.join(", ", all.stream().map(Repro::id).toList());
    if (id == null) {
      throw new BadInputException("give a reproduction ID or --list (" + known + ")");
    }
    Repro repro = all.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new BadInputException("unknown reproduction '" + id + "' (" + known + ")"));
    checkJsonTarget();
    Mode m = mode != null && mode.full ? Mode.FULL : Mode.QUICK;
    String modeWord = m.name().toLowerCase(Locale.ROOT);
    out.printf(Locale.ROOT, "repro %s: %s%n%s mode, seed %d, %d claims%n%n", repro.id(), repro.paper(), modeWord, seed,
        repro.claims().size());
    out.flush();
    ReproResult result;
    try (Progress.Task task = Progress.auto(System.out, spec.commandLine().getErr())
        .start("repro " + repro.id(), 0, "claims")) {
      result = repro.run(m, seed);
    }
    int passed = 0;
    for (ClaimResult c : result.claims()) {
      passed += c.pass() ? 1 : 0;
      out.print(wrap((c.pass() ? "PASS" : "FAIL") + "  " + c.claim().id() + ": " + c.claim().statement(), "      "));
      out.print(wrap("      measured: " + measured(c.measured()), "        "));
      if (c.note() != null && !c.note().isBlank()) {
        out.print(wrap("      note: " + c.note(), "        "));
      }
    }
    out.printf(Locale.ROOT, "%n%d of %d claims hold: %s%n", passed, result.claims().size(),
        result.pass() ? "PASS" : "FAIL");
    if (json != null) {
      AtomicFiles.write(json, Json.pretty(toJson(result)));
      out.println("wrote " + json);
    }
    out.flush();
    return result.pass() ? 0 : Probity.EXIT_FAILURE;
  }

  /** The --json document, with exactly the keys the format names (NaN measurements as null). */
  static ObjectNode toJson(ReproResult r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("paper", r.paper());
    o.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
    o.put("seed", r.seed());
    ArrayNode claims = o.putArray("claims");
    for (ClaimResult c : r.claims()) {
      ObjectNode co = claims.addObject();
      co.put("id", c.claim().id());
      co.put("statement", c.claim().statement());
      ObjectNode measured = co.putObject("measured");
      for (Map.Entry<String, Double> e : c.measured().entrySet()) {
        Json.put(measured, e.getKey(), e.getValue() == null ? Double.NaN : e.getValue());
      }
      co.put("pass", c.pass());
    }
    o.put("pass", r.pass());
    return o;
  }

  /** Wraps at {@link #WIDTH} columns on spaces; continuation lines start with {@code indent}. */
  static String wrap(String text, String indent) {
    StringBuilder sb = new StringBuilder();
    int lineStart = 0;
    for (String word : text.split(" ")) {
      if (sb.length() > lineStart && sb.length() - lineStart + 1 + word.length() > WIDTH) {
        sb.append('\n').append(indent);
        lineStart = sb.length() - indent.length();
      } else if (sb.length() > lineStart) {
        sb.append(' ');
      }
      sb.append(word);
    }
    return sb.append('\n').toString();
  }

  private static String measured(Map<String, Double> m) {
    if (m.isEmpty()) {
      return "(nothing)";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : m.entrySet()) {
      Double v = e.getValue();
      parts.add(e.getKey() + " = " + (v == null || v.isNaN() ? "NaN" : String.format(Locale.ROOT, "%.4g", v)));
    }
    return String.join(", ", parts);
  }

  /** Fails before the (long) reproduction, not after it, when the JSON file cannot be written. */
  private void checkJsonTarget() {
    if (json == null) {
      return;
    }
    Path target = json.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new BadInputException("--json " + json + " is a directory, not a file");
    }
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new BadInputException("--json " + json + ": folder " + dir + " does not exist");
    }
  }
}
