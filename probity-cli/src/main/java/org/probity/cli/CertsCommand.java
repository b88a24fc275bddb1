package org.probity.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.probity.deploy.pki.CertsCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probity certs init} and {@code probity certs revoke}: provisioning for a real federation
 * (issue 7 §1). {@code init} creates the federation's certificate authority and one kit per site and
 * one for the server (certificate, key, CA certificate, revocation list, kit.yaml); {@code revoke}
 * adds a site to the revocation list, after which the server refuses it at the TLS handshake. The
 * CA key stays in the output folder's {@code ca/}; kits never hold it.
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Creates a federation's certificate authority and site kits, or revokes a site.",
    subcommands = {CertsCommand.Init.class, CertsCommand.Revoke.class},
    footer = {"", "Example:", "  probity certs init --out federation --sites a,b,c",
        "  probity certs revoke --out federation --site b", "", "Exit codes: 0 success, 2 bad input."})
public final class CertsCommand extends CommandGroup {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Creates a CA, a server kit and one kit per site in a new folder.")
  static final class Init implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) folder for the CA and kits.")
    Path out;

    @Option(names = "--sites", required = true, paramLabel = "A,B,...", description = "The sites' names, comma-separated.")
    String sites;

    @Option(names = "--server", defaultValue = "localhost:9443", paramLabel = "HOST[:PORT]",
        description = "The server's address, written into every kit (default: ${DEFAULT-VALUE}).")
    String server;

    @Override
    public Integer call() throws Exception {
      try {
        CertsCommands.init(out, sites, server, spec.commandLine().getOut());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes a site: its certificate's serial goes on the federation's revocation list.")
  static final class Revoke implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "federation", paramLabel = "DIR",
        description = "The folder 'certs init' created (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--site", required = true, paramLabel = "NAME", description = "The site to revoke.")
    String site;

    @Override
    public Integer call() throws Exception {
      try {
        CertsCommands.revoke(out, site, spec.commandLine().getOut());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      return 0;
    }
  }
}
