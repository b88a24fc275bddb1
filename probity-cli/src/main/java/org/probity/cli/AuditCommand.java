package org.probity.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.cli.audit.AuditFolder;
import org.probity.cli.audit.AuditResult;
import org.probity.cli.audit.AuditTarget;
import org.probity.cli.audit.MembershipAudit;
import org.probity.cli.audit.MembershipAudit.Attack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probity audit mia}: a membership-inference audit of a finished run, the measure of what a
 * trained model leaks about its training data (Shokri et al. 2017; Carlini et al. 2022), and for a
 * private run the check that it leaks no more than its ε allows (Jagielski et al. 2020). The run's
 * saved membership says which rows trained the model; the attack (a loss threshold, the
 * quantile-regression attack, or LiRA with shadow models trained by the run's own recipe) scores
 * them against held-out rows, or against inserted canaries with {@code --canaries N}. The audit
 * folder holds audit.json, roc.csv and a report with the ROC on log axes, the TPR at low FPR and the
 * empirical ε lower bound next to the accountant's ε.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Audits what a trained model leaks about its training data.",
    subcommands = {AuditCommand.MiaCommand.class},
    footer = {"", "Example:", "  probity audit mia --run runs/20260101-120000-demo --attack threshold", "",
        "Exit codes: 0 success, 1 the audit failed, 2 bad input."})
public final class AuditCommand extends CommandGroup {
  @Command(
      name = "mia",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Membership inference against a run's model: ROC, TPR at low FPR, empirical ε.",
      footer = {"", "Examples:", "  probity audit mia --run runs/RUN --attack threshold",
          "  probity audit mia --run runs/RUN --attack lira --shadows 8",
          "  probity audit mia --run runs/RUN --attack threshold --canaries 400 --fpr 0.01", "",
          "Exit codes: 0 success, 1 the audit failed, 2 bad input."})
  static final class MiaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run folder to audit.")
    Path run;

    @Option(names = "--attack", required = true, paramLabel = "ATTACK",
        description = "threshold (the loss), quantile (quantile regression on held-out rows) or lira (online, with"
            + " shadow models trained by the run's recipe).")
    String attack;

    @Option(names = "--canaries", paramLabel = "N",
        description = "Insert N mislabeled canaries (half of them, at random), train the run's recipe again and"
            + " attack the canaries instead of the training data.")
    Integer canaries;

    @Option(names = "--variant", paramLabel = "NAME",
        description = "The variant (or federated strategy) to audit (default: the run's first with a checkpoint).")
    String variant;

    @Option(names = "--shadows", defaultValue = "8", paramLabel = "K",
        description = "Shadow models for lira, an even number (default: ${DEFAULT-VALUE}).")
    int shadows;

    @Option(names = "--fpr", split = ",", paramLabel = "F",
        description = "The false-positive rates of the table (default: 0.001,0.01; one the non-members cannot"
            + " resolve is then shown as not measured).")
    List<Double> fprs;

    @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D",
        description = "δ of the empirical ε for a run without a guarantee; a private run uses its own"
            + " (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "C",
        description = "Confidence of the intervals and of the ε lower bound (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
        description = "Seed of the audit's randomness: canaries, shadows, splits, bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
        description = "The audit folder to create (default: RUN_DIR/audits/ATTACK[-canaries-N]-K).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Attack a = parseAttack(attack);
      if (!(confidence > 0 && confidence < 1)) {
        throw new BadInputException("--confidence must be in (0, 1), got " + confidence);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new BadInputException("--delta must be in (0, 1), got " + delta);
      }
      double[] f = null;
      if (fprs != null) {
        f = new double[fprs.size()];
        for (int i = 0; i < f.length; i++) {
          f[i] = fprs.get(i);
          if (!(f[i] > 0 && f[i] < 1)) {
            throw new BadInputException("--fpr must be rates in (0, 1), got " + fprs.get(i));
          }
        }
      }
      if (out != null && out.toFile().exists()) {
        throw new BadInputException("--out " + out + " already exists; an audit folder is never overwritten");
      }
      PrintWriter stdout = spec.commandLine().getOut();
      AuditTarget target = AuditTarget.load(run, variant);
      MembershipAudit.Settings s = new MembershipAudit.Settings(a, canaries, shadows, seed, f, delta, confidence, 1000);
      MembershipAudit.check(target, s);
      stdout.printf(Locale.ROOT, "probity audit mia: run %s, %s %s, attack %s on %s%n", target.runId(),
          target.federated() ? "strategy" : "variant", target.variant(), a.label(),
          canaries == null ? target.members().size() + " training rows against " + target.nonMembers().size()
              + " held-out rows" : canaries + " canaries");
      stdout.flush();
      AuditResult r = MembershipAudit.run(target, s, line -> {
        stdout.println("  " + line);
        stdout.flush();
      });
      Path folder = AuditFolder.write(out != null ? out : AuditFolder.defaultFolder(run, a.label(), canaries), r);
      stdout.print(r.table());
      stdout.println(r.comparison());
      stdout.println("wrote " + folder.resolve(AuditFolder.REPORT));
      stdout.flush();
      return 0;
    }

    private static Attack parseAttack(String name) {
      for (Attack a : Attack.values()) {
        if (a.label().equals(name)) {
          return a;
        }
      }
      throw new BadInputException("--attack " + name + " is not one of threshold, quantile, lira");
    }
  }
}
