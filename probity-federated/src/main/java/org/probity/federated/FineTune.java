package org.probity.federated;

/**
 * FedAvg + local fine-tuning (FT), the strongest simple baseline of the Motley benchmark (Wu et al.
 * 2022): training is FedAvg's, and each evaluated client first fine-tunes the global model on its
 * own train split for E epochs (the whole model, or the last layer only) and evaluates the result.
 * Motley picks E post hoc on validation clients; here E is a fixed setting sent under
 * {@link SupervisedClient#FINETUNE_EPOCHS}, so E = 0 is exactly FedAvg's evaluation.
 */
public class FineTune extends FedAvg {
  private final int epochs;
  private final boolean lastLayerOnly;
  private final double learningRate;

  /** Fine-tunes with the client's own optimiser. */
  public FineTune(ClientSampler fitSampler, int epochs, boolean lastLayerOnly) {
    this(fitSampler, epochs, lastLayerOnly, Double.NaN);
  }

  /** @param learningRate SGD rate for fine-tuning; NaN to use the client's optimiser */
  public FineTune(ClientSampler fitSampler, int epochs, boolean lastLayerOnly, double learningRate) {
    super(fitSampler);
    if (epochs < 0) {
      throw new IllegalArgumentException("finetune: epochs must be >= 0, got " + epochs);
    }
    if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("finetune: learning rate must be finite and > 0 (or NaN), got "
          + learningRate);
    }
    this.epochs = epochs;
    this.lastLayerOnly = lastLayerOnly;
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "finetune";
  }

  @Override
  protected Config evaluateConfig(int round) {
    Config c = super.evaluateConfig(round).with(SupervisedClient.FINETUNE_EPOCHS, epochs)
        .with(SupervisedClient.FINETUNE_LAST_LAYER, lastLayerOnly);
    return Double.isNaN(learningRate) ? c : c.with(SupervisedClient.FINETUNE_LR, learningRate);
  }
}
