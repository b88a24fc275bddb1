package org.probity.cli;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.run.FederatedTable;
import org.probity.cli.run.RunFolder;
import org.probity.cli.run.RunStore;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.cli.spec.StrategySection;
import org.probity.deploy.pki.SiteKit;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.deploy.tls.CrlSource;
import org.probity.deploy.tls.PeerIdentity;
import org.probity.deploy.tls.TlsContexts;
import org.probity.deploy.transport.ClientConfig;
import org.probity.deploy.transport.FederationClient;
import org.probity.deploy.transport.FederationServer;
import org.probity.deploy.transport.ServerConfig;
import org.probity.deploy.transport.StatusClient;
import org.probity.federated.ClientData;
import org.probity.federated.FederationResult;
import org.probity.federated.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probity fl server}, {@code probity fl client} and {@code probity fl status}: a real
 * cross-silo federation (issue 7) over gRPC with mutual TLS, running the same round loop, strategy
 * and client code as {@code probity run}'s simulation. The server holds the spec and hands it to
 * every site at registration (a site contributes only its data), checkpoints after each round under
 * {@code --state} and resumes from there when restarted, and writes the same run folder and report
 * as a simulated run plus an audit log. Sites connect out and pull their work, so they need no open
 * port. For a demonstration on one machine, a site can take its data from the spec's own partition
 * ({@code --data SPEC --client K}); a deployment with every site replying in every round then ends
 * with exactly the simulation's parameters.
 */
@Command(
    name = "fl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs a real federation: a server and sites over gRPC with mutual TLS.",
    subcommands = {FlCommand.Server.class, FlCommand.Client.class, FlCommand.Status.class},
    footer = {"", "A two-site federation on one machine:",
        "  probity certs init --out fed --sites a,b",
        "  probity fl server --spec examples/deploy-two-sites.yaml --kit fed/server --state fl-state &",
        "  probity fl client --kit fed/sites/a --data examples/deploy-two-sites.yaml --client 0 &",
        "  probity fl client --kit fed/sites/b --data examples/deploy-two-sites.yaml --client 1",
        "", "Exit codes: 0 success, 1 the federation failed, 2 bad input."})
public final class FlCommand extends CommandGroup {

  /** A kit folder, loaded with its errors as bad input. */
  static SiteKit kit(Path dir, boolean server) {
    SiteKit kit;
    try {
      kit = SiteKit.load(dir);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    if (kit.isServer() != server) {
      throw new BadInputException("--kit " + dir + " is the kit of " + (kit.isServer() ? "the server" : "site "
          + kit.name()) + "; expected " + (server ? "the server's kit (certs init's server/)" : "a site's kit (certs"
          + " init's sites/NAME/)"));
    }
    return kit;
  }

  /** How a site reaches the server (fl client, fl status): its kit, and the server's address. */
  static final class SiteConnection {
    @Option(names = "--kit", required = true, paramLabel = "DIR",
        description = "This site's kit (certs init's sites/NAME/); it authenticates the site.")
    Path kitDir;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "The server (default: the kit's server address).")
    String server;

    SiteKit kit() {
      return FlCommand.kit(kitDir, false);
    }

    String target(SiteKit kit) {
      return server != null ? server : kit.serverHost() + ":" + kit.serverPort();
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true,
      description = "Runs a federated spec's strategy with the sites of a federation.")
  static final class Server implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "A spec with a federated: section.")
    Path specFile;

    @Option(names = "--kit", required = true, paramLabel = "DIR", description = "The server's kit (certs init's server/).")
    Path kitDir;

    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (default: the kit's server address).")
    Integer port;

    @Option(names = "--sites", paramLabel = "A,B,...", split = ",",
        description = "The federation's sites; site i of the sorted list is client i (default: the CA's index next"
            + " to the kit).")
    List<String> sites;

    @Option(names = "--strategy", paramLabel = "NAME", description = "Which of the spec's strategies to run (default: the first).")
    String strategyName;

    @Option(names = "--min-clients", paramLabel = "N",
        description = "Sites a round needs (default: all of them, which keeps results equal to the simulation).")
    Integer minClients;

    @Option(names = "--deadline", defaultValue = "600", paramLabel = "SECONDS",
        description = "How long a site may take for one task before it is dropped from the round (default: ${DEFAULT-VALUE}).")
    long deadlineSeconds;

    @Option(names = "--state", defaultValue = "fl-state", paramLabel = "DIR",
        description = "Checkpoints after every round; a restarted server resumes from here (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--out", defaultValue = "runs", paramLabel = "DIR",
        description = "Folder that holds run folders (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--secure-aggregation",
        description = "Sites mask their updates (Bonawitz et al. 2017): the server sees only each round's sum."
            + " For strategies that average by example counts (fedavg, fedprox, ditto, mrmtl).")
    boolean secure;

    @Option(names = "--secagg-bits", defaultValue = "16", paramLabel = "F",
        description = "Fractional bits of the fixed-point encoding of masked updates (default: ${DEFAULT-VALUE}).")
    int secaggBits;

    @Option(names = "--secagg-max-abs", paramLabel = "M",
        description = "Largest |n_k * update| a site may send before clipping (default: the largest that cannot"
            + " overflow 32 bits with all sites).")
    Double secaggMaxAbs;

    @Option(names = "--secagg-threshold", paramLabel = "T",
        description = "Sites needed to unmask a round (default: a majority).")
    Integer secaggThreshold;

    @Override
    public Integer call() throws Exception {
      PrintWriter stdout = spec.commandLine().getOut();
      LoadedSpec loaded = RunCommand.load(specFile, List.of());
      ExperimentSpec s = loaded.spec();
      if (!s.isFederated()) {
        throw new BadInputException("--spec " + specFile + " has no federated: section; a deployment runs a federated"
            + " spec");
      }
      SiteKit kit = kit(kitDir, true);
      List<String> names = siteNames(kit);
      FederatedRunner.Prepared prepared = FederatedRunner.prepare(loaded);
      int index = strategyIndex(s);
      String why = FederatedRunner.checkDeployable(prepared, index);
      if (why != null) {
        throw new BadInputException("--strategy " + s.federated().strategies().get(index).name() + ": " + why);
      }
      int clients = prepared.clients().clients().size();
      if (clients != names.size()) {
        throw new BadInputException("the federation has " + names.size() + " sites " + names + " but the spec's"
            + " partition gives " + clients + " clients; make them equal (federated.partition.clients)");
      }
      int min = minClients == null ? names.size() : minClients;
      if (min < 1 || min > names.size()) {
        throw new BadInputException("--min-clients " + min + " must be between 1 and the " + names.size() + " sites");
      }
      int listen = port != null ? port : kit.serverPort();
      Files.createDirectories(state);
      byte[] recipe = new FederatedRunner.SpecRecipe(s).yaml().getBytes(StandardCharsets.UTF_8);
      stdout.printf(Locale.ROOT, "probity fl server: %s, strategy %s, %d rounds, sites %s (min %d per round), port %d,"
              + " state %s%s%n", s.name(), s.federated().strategies().get(index).name(), s.federated().rounds(), names,
          min, listen, state, secure ? ", secure aggregation" : "");
      stdout.flush();
      SslContext tls = TlsContexts.server(kit);
      FederatedRunner runner = new FederatedRunner(Progress.auto(System.out, spec.commandLine().getErr()),
          Clock.systemUTC());
      int threshold = secaggThreshold != null ? secaggThreshold : names.size() / 2 + 1;
      double maxAbs = secaggMaxAbs != null ? secaggMaxAbs
          : Math.floor((Integer.MAX_VALUE - 1.0) / (names.size() * Math.pow(2, secaggBits)));
      if (secure) {
        // Checked before any run folder exists: the strategy must average by example counts, and the
        // encoding must not overflow with every site.
        try {
          SecureFedAvg.of(prepared.strategies().get(index));
          new SecAggConfig((int) prepared.initial().count() + 1, secaggBits, maxAbs, names.size(), threshold);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--secure-aggregation: " + e.getMessage());
        }
      }
      FederatedRunner.Outcome o = runner.runDeployed(prepared, new RunStore(out), index,
          (plain, initial, rounds, listener) -> {
            Strategy strategy;
            try {
              strategy = secure ? SecureFedAvg.of(plain) : plain;
            } catch (IllegalArgumentException e) {
              throw new BadInputException("--secure-aggregation: " + e.getMessage());
            }
            ServerConfig.Builder builder = ServerConfig.builder()
                .port(listen)
                .tls(tls, new PeerIdentity(CrlSource.watching(kit)), PeerIdentity.SITE)
                .strategy(strategy).initial(initial).rounds(rounds).seed(prepared.federationSeed())
                .evaluateEvery(s.federated().evaluateEvery())
                .sites(names).minClients(min)
                .taskDeadlineMillis(deadlineSeconds * 1000)
                .checkpointDir(state.resolve("checkpoints"))
                .auditLog(state.resolve("audit.jsonl"))
                .recipe(recipe)
                .listener(listener);
            if (secure) {
              builder.secureAggregation(secaggBits, maxAbs, threshold);
            }
            ServerConfig config;
            try {
              config = builder.build();
            } catch (IllegalArgumentException e) {
              throw new BadInputException(e.getMessage());
            }
            try (FederationServer server = FederationServer.start(config)) {
              if (server.resumedFrom() > 0) {
                stdout.printf(Locale.ROOT, "resuming after round %d from %s%n", server.resumedFrom(), state);
                stdout.flush();
              }
              FederationResult r = server.awaitResult(Long.MAX_VALUE);
              server.awaitClientsDone(30_000);
              return r;
            }
          });
      stdout.printf(Locale.ROOT, "%nrun %s complete in %.1f s; audit log %s%n%n", o.run().id(), o.seconds(),
          state.resolve("audit.jsonl"));
      stdout.print(FederatedTable.format(o.strategies()));
      stdout.printf(Locale.ROOT, "%nreport: %s%n", o.run().file(RunFolder.REPORT));
      stdout.flush();
      return 0;
    }

    private int strategyIndex(ExperimentSpec s) {
      List<StrategySection> all = s.federated().strategies();
      if (strategyName == null) {
        return 0;
      }
      List<String> known = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).name().equals(strategyName)) {
          return i;
        }
        known.add(all.get(i).name());
      }
      throw new BadInputException("--strategy " + strategyName + ": the spec has no such strategy (it has " + known + ")");
    }

    /** --sites, or the names in the CA's index.yaml beside the kit (certs init's layout). */
    private List<String> siteNames(SiteKit kit) throws IOException {
      if (sites != null && !sites.isEmpty()) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String n : sites) {
          if (!sorted.add(n.trim())) {
            throw new BadInputException("--sites names " + n.trim() + " twice");
          }
        }
        return List.copyOf(sorted);
      }
      Path index = kit.dir().toAbsolutePath().getParent().resolve("ca").resolve("index.yaml");
      if (!Files.isRegularFile(index)) {
        throw new BadInputException("--sites is needed: the kit " + kit.dir() + " is not in a 'certs init' folder"
            + " (no " + index + ")");
      }
      Object parsed = new com.fasterxml.jackson.databind.ObjectMapper(
          new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(index.toFile(), Object.class);
      TreeSet<String> names = new TreeSet<>();
      collectNames(parsed, names);
      names.remove("server");
      if (names.isEmpty()) {
        throw new BadInputException(index + " names no sites; give --sites");
      }
      return List.copyOf(names);
    }

    private static void collectNames(Object node, TreeSet<String> names) {
      // certs init's index.yaml: issued: {name: serial, ...}, the server among them.
      if (node instanceof Map<?, ?> m && m.get("issued") instanceof Map<?, ?> issued) {
        for (Object k : issued.keySet()) {
          names.add(String.valueOf(k));
        }
      }
    }
  }

  @Command(name = "client", mixinStandardHelpOptions = true,
      description = "Joins a federation as a site: pulls tasks from the server and trains on local data.")
  static final class Client implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SiteConnection site;

    @Option(names = "--data", required = true, paramLabel = "SPEC",
        description = "Where this site's data comes from: a federated spec whose partition holds it (with --client).")
    Path data;

    @Option(names = "--client", required = true, paramLabel = "K", description = "Which client of the spec's partition this site is.")
    int client;

    @Option(names = "--state", paramLabel = "DIR",
        description = "Keeps this site's state (personal models of ditto and mrmtl) in files that survive a restart"
            + " (default: in memory).")
    Path stateDir;

    @Option(names = "--timeout", defaultValue = "86400", paramLabel = "SECONDS",
        description = "Give up when the federation has not finished after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      PrintWriter stdout = spec.commandLine().getOut();
      SiteKit kit = site.kit();
      LoadedSpec loaded = RunCommand.load(data, List.of());
      if (!loaded.spec().isFederated()) {
        throw new BadInputException("--data " + data + " has no federated: section to take this site's partition from");
      }
      Map<Integer, ClientData> clients = FederatedRunner.prepare(loaded).clients().clients();
      ClientData mine = clients.get(client);
      if (mine == null) {
        throw new BadInputException("--client " + client + ": the partition of " + data + " has clients "
            + new TreeSet<>(clients.keySet()));
      }
      String target = site.target(kit);
      ClientConfig config = ClientConfig.of(target, TlsContexts.client(kit), kit.name(), recipe -> {
        try {
          return FederatedRunner.SpecRecipe.of(new String(recipe, StandardCharsets.UTF_8)).create();
        } catch (SpecException e) {
          throw new IllegalArgumentException("the server's spec is not valid here: " + e.getMessage(), e);
        }
      }, mine);
      if (stateDir != null) {
        config = config.withStateDir(stateDir);
      }
      stdout.printf(Locale.ROOT, "probity fl client: site %s (client %d of %s: %d training examples) -> %s%n",
          kit.name(), client, data, mine.train().size(), target);
      stdout.flush();
      try (FederationClient c = FederationClient.start(config)) {
        boolean done = c.awaitDone(timeoutSeconds * 1000);
        if (!done) {
          throw new IllegalStateException("the federation did not finish within " + timeoutSeconds + " s (state "
              + c.state() + (c.lastError() == null ? "" : ", last error: " + c.lastError()) + ")");
        }
        stdout.printf(Locale.ROOT, "done: site %s trained in %d rounds %s, reconnected %d times%n", kit.name(),
            c.fitRounds().size(), c.fitRounds(), c.reconnects());
        stdout.flush();
      }
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Asks a running server for its state: round, registered sites, heartbeats.")
  static final class Status implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SiteConnection site;

    @Override
    public Integer call() {
      SiteKit kit = site.kit();
      String target = site.target(kit);
      String json = StatusClient.query(target, TlsContexts.client(kit), 10_000);
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
