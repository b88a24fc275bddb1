package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.privacy.audit.MembershipScores.Statistic;
import org.probity.privacy.repro.MixtureClasses;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every attack on one overfit target: a noisy 6-class mixture, an MLP trained long on 150 members.
 * Disjoint slices give the members, held-out non-members, a second non-member population and the
 * attacker's data.
 */
class AttacksTest {
  static final int CLASSES = 6;
  static Dataset members;
  static Dataset nonMembers;
  static Dataset otherNonMembers;
  static Dataset attacker;
  static TrainingRecipe recipe;
  static Module target;

  @BeforeAll
  static void train() {
    Dataset all = MixtureClasses.generate("mix", 1050, CLASSES, 10, 2, 1.0, 3.0, new Rng(7));
    members = all.subset(range(0, 150));
    nonMembers = all.subset(range(150, 300));
    otherNonMembers = all.subset(range(300, 450));
    attacker = all.subset(range(450, 1050));
    recipe = new TrainingRecipe(ModelSpec.mlp(List.of(64), "relu", 0.0), CLASSES, 80, 32, 3e-3, 0.0);
    target = recipe.train(members, new Rng(11));
  }

  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static void check(MembershipAttack attack) {
    double auc = Roc.of(attack.score(target, members), attack.score(target, nonMembers)).auroc();
    assertTrue(auc > 0.6, attack.name() + " AUROC " + auc + " on an overfit target");
    double chance = Roc.of(attack.score(target, otherNonMembers), attack.score(target, nonMembers)).auroc();
    assertEquals(0.5, chance, 0.1, attack.name() + " AUROC between two non-member populations");
  }

  @Test
  void thresholdAttacksBeatRandom() {
    check(ThresholdAttack.loss());
    check(ThresholdAttack.confidence());
    check(new ThresholdAttack(Statistic.LOGIT_CONFIDENCE));
  }

  @Test
  void offlineLiraBeatsRandom() {
    check(new Lira(recipe, attacker, 4, Lira.Variant.OFFLINE, true, new Rng(3)));
  }

  @Test
  void onlineLiraBeatsRandom() {
    // Online LiRA trains its shadows on the queries, so members and non-members are scored together.
    Lira lira = new Lira(recipe, attacker, 4, Lira.Variant.ONLINE, false, new Rng(4));
    Dataset queries = members.append(nonMembers);
    double[] s = lira.score(target, queries);
    double[] in = java.util.Arrays.copyOfRange(s, 0, 150);
    double[] out = java.util.Arrays.copyOfRange(s, 150, 300);
    double auc = Roc.of(in, out).auroc();
    assertTrue(auc > 0.6, "online LiRA AUROC " + auc);
  }

  @Test
  void liraOnTheQueriesAloneTrainsEveryShadowOnTheBaseAndHalfTheQueries() {
    // The auditor's setting: the target trained on fixed rows (attacker's here) plus the members;
    // the shadows train on the same fixed rows plus half of the queries each.
    Module t = recipe.train(attacker.append(members), new Rng(12));
    List<Integer> sizes = new java.util.ArrayList<>();
    ShadowRecipe counting = new ShadowRecipe() {
      @Override
      public Module train(Dataset data, Rng rng) {
        sizes.add(data.size());
        return recipe.train(data, rng);
      }

      @Override
      public int classes() {
        return CLASSES;
      }
    };
    Dataset queries = members.append(nonMembers);
    double[] s = Lira.onQueries(counting, attacker, 4, true, new Rng(6)).score(t, queries);
    // Each query trains exactly 2 of the 4 shadows: 300 * 2 query rows in all, on top of 600 fixed rows each.
    assertEquals(4, sizes.size());
    assertEquals(4 * 600 + 300 * 2, sizes.stream().mapToInt(Integer::intValue).sum(), "sizes " + sizes);
    assertTrue(sizes.stream().allMatch(n -> n > 600 + 100 && n < 600 + 200), "sizes " + sizes);
    double auc = Roc.of(java.util.Arrays.copyOfRange(s, 0, 150), java.util.Arrays.copyOfRange(s, 150, 300)).auroc();
    assertTrue(auc > 0.6, "online LiRA on the queries alone, AUROC " + auc);
  }

  @Test
  void quantileRegressionBeatsRandom() {
    QuantileRegressionAttack.Config c = new QuantileRegressionAttack.Config(List.of(32), 0.9, 40, 32, 3e-3, 1e-4,
        Statistic.LOGIT_CONFIDENCE);
    check(QuantileRegressionAttack.fit(target, attacker, c, new Rng(5)));
  }

  @Test
  void attackerDataWithOtherClassCountIsRejected() {
    Dataset wrong = Dataset.classification("wrong", attacker.features(), attacker.labels(), CLASSES + 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Lira(recipe, wrong, 4, Lira.Variant.OFFLINE, true, new Rng(1)));
    assertTrue(e.getMessage().contains("8 classes") && e.getMessage().contains("6 classes"), e.getMessage());
    IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
        () -> QuantileRegressionAttack.fit(target, wrong, QuantileRegressionAttack.Config.defaults(), new Rng(1)));
    assertTrue(q.getMessage().contains("8 classes"), q.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Lira(recipe, attacker, 3, Lira.Variant.ONLINE, false,
        new Rng(1)));
  }
}
