package org.probity.cli.report;

import java.util.Map;

/**
 * One row of the federated table: a strategy's final test accuracy across clients (the
 * distribution, not only the mean, since personalisation is judged by its weakest clients), the
 * fraction of clients it leaves worse off than FedAvg and than training alone, what it cost in
 * communication and time, and what it chose on validation (fine-tuning epochs). Values the folder
 * does not hold are NaN; {@code source} is null for final test numbers from summary.json and
 * otherwise says which round the numbers come from.
 *
 * @param kind the strategy kind ("fedavg", "ditto", ...), null when unknown
 * @param settings the strategy's own settings as text ("lambda 0.1"), empty when none
 * @param clients final test accuracy by client id, ordered by id; empty when not recorded
 * @param hurtVsFedavg fraction of clients strictly worse than under FedAvg; NaN when there is no such baseline
 * @param chosen what the strategy chose ("finetune epochs 5"), null when it chooses nothing
 * @param fairness the worst client and group, and appeal; {@link Fairness#NONE} when not recorded
 */
record StrategyRow(
    String name,
    String kind,
    String settings,
    double rounds,
    double seconds,
    Map<String, Double> clients,
    ClientStats stats,
    double hurtVsFedavg,
    double hurtVsLocal,
    double bytesUp,
    double bytesDown,
    double roundMillisMean,
    String chosen,
    double centralAccuracy,
    String source,
    Fairness fairness) {

  boolean fromSummary() {
    return source == null;
  }

  /**
   * Who a strategy leaves behind (issue 6 §6): the worst client's final test accuracy and loss,
   * global-model appeal (the share of clients more accurate than under the Local strategy; Cho et
   * al. 2022), and the federation's pooled worst-group accuracy and loss when the data has groups.
   * NaN where the folder does not hold the figure.
   */
  record Fairness(double worstClientAccuracy, double worstClientLoss, double appeal, double worstGroupAccuracy,
      double worstGroupLoss) {
    static final Fairness NONE = new Fairness(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * The distribution of final per-client test accuracy, as summary.json's "client_accuracy" gives
   * it (population std; type-7 percentiles; worst10 = mean of the worst ceil(n/10) clients).
   */
  record ClientStats(double n, double mean, double std, double worst10, double p10, double median, double p90) {
    static final ClientStats NONE = new ClientStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN);

    static ClientStats meanOnly(double mean) {
      return new ClientStats(Double.NaN, mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
  }
}
