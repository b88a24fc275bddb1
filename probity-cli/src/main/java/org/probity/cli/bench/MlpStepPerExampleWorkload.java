package org.probity.cli.bench;

/**
 * The mlp-step workload with per-example squared gradient norms collected in the same backward
 * pass ({@code Tape.start(PerExample.forNorms())}), the quantity DP-SGD clips by. Set beside
 * mlp-step it shows what the norms cost: for a Linear layer on [batch, in] input the per-example
 * weight gradient is an outer product, so its squared norm is ‖a_i‖²·‖g_i‖² (Goodfellow 2015) and
 * no per-example gradient is materialised.
 */
final class MlpStepPerExampleWorkload extends MlpStepWorkload {
  MlpStepPerExampleWorkload() {
    super("mlp-step-per-example", true);
  }

  @Override
  public String description() {
    return "mlp-step plus per-example squared gradient norms: vector kernel vs plain-loop kernel";
  }
}
