package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class ParamsRoundTripTest {
  /** Random shapes (rank 0 to 3, dimensions 0 to 4) under random names; flatten then unflatten. */
  @Property(tries = 200)
  void flattenUnflattenRoundTrip(@ForAll @Size(max = 6) List<@IntRange(min = 0, max = 4) Integer> dims,
      @ForAll @IntRange(min = 1, max = 5) int count, @ForAll long seed) {
    Rng rng = new Rng(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    int d = 0;
    for (int i = 0; i < count; i++) {
      int rank = rng.nextInt(4);
      int[] shape = new int[rank];
      for (int r = 0; r < rank; r++) {
        shape[r] = dims.isEmpty() ? 1 + rng.nextInt(3) : dims.get(d++ % dims.size());
      }
      m.put("p" + rng.nextInt(1000) + "." + i, Tensor.randn(rng, shape));
    }
    Params p = Params.of(m);
    Tensor flat = p.flatten();
    assertEquals(p.count(), flat.size());
    Params back = p.unflatten(flat);
    assertEquals(p.names(), back.names());
    for (String name : p.names()) {
      assertEquals(p.get(name).shape(), back.get(name).shape());
      assertArrayEquals(p.get(name).data(), back.get(name).data());
    }
    assertArrayEquals(flat.data(), back.flatten().data());
  }

  @Property(tries = 20)
  void sequentialParamsRoundTripThroughAssign(@ForAll @IntRange(min = 1, max = 6) int in,
      @ForAll @IntRange(min = 1, max = 6) int hidden, @ForAll long seed) {
    Rng rng = new Rng(seed);
    Sequential a = new Sequential(new Linear(in, hidden, rng), new LayerNorm(hidden), new Linear(hidden, 2, rng));
    Sequential b = new Sequential(new Linear(in, hidden, rng), new LayerNorm(hidden), new Linear(hidden, 2, rng));
    b.params().assign(a.params().unflatten(a.params().flatten()));
    assertArrayEquals(a.params().flatten().data(), b.params().flatten().data());
  }
}
