package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.probity.federated.Config;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitReply;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Round trips of every message through the wire codec, compared field by field and bit by bit
 * (config values keep their Java types, doubles and floats their exact bits, NaN included), and
 * random bytes or flipped bits that are refused with a status rather than misread.
 */
class CodecPropertiesTest {
  @Provide
  Arbitrary<Object> configValue() {
    return Arbitraries.oneOf(Arbitraries.integers().map(x -> (Object) x), Arbitraries.longs().map(x -> (Object) x),
        Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0).map(x -> (Object) x),
        Arbitraries.floats().map(x -> (Object) x), Arbitraries.shorts().map(x -> (Object) x),
        Arbitraries.bytes().map(x -> (Object) x), Arbitraries.of(true, false).map(x -> (Object) x),
        Arbitraries.strings().ofMaxLength(30).map(x -> (Object) x));
  }

  @Provide
  Arbitrary<Map<String, Object>> configs() {
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(12), configValue()).ofMaxSize(6)
        .map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<Map<String, Double>> metrics() {
    return Arbitraries.maps(Arbitraries.strings().ofMaxLength(12),
        Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)).ofMaxSize(6);
  }

  @Property(tries = 200)
  void instructionsRoundTrip(@ForAll @IntRange(min = 1, max = 2) int kind, @ForAll int clientId, @ForAll int round,
      @ForAll("configs") Map<String, Object> config, @ForAll long seed, @ForAll @IntRange(max = 5) int draws) {
    Rng rng = new Rng(seed).derive("client").derive(round);
    for (int i = 0; i < draws; i++) {
      rng.nextGaussian();
    }
    Messages.Instruction in = new Messages.Instruction(kind, clientId, round, new Config(config), rng.snapshot());
    Messages.Instruction out = Messages.decodeInstruction(Messages.encodeInstruction(in));
    assertEquals(in.kind(), out.kind());
    assertEquals(in.clientId(), out.clientId());
    assertEquals(in.round(), out.round());
    assertEquals(new ArrayList<>(config.keySet()), new ArrayList<>(out.config().values().keySet()));
    for (Map.Entry<String, Object> e : config.entrySet()) {
      Object v = out.config().values().get(e.getKey());
      assertEquals(e.getValue().getClass(), v.getClass(), e.getKey());
      assertEquals(e.getValue(), v, e.getKey()); // Double/Float equals compares bits
    }
    assertEquals(in.rng(), out.rng());
    Rng a = Rng.restore(in.rng());
    Rng b = Rng.restore(out.rng());
    assertEquals(a.nextGaussian(), b.nextGaussian());
    assertEquals(a.derive("x").nextLong(), b.derive("x").nextLong());
  }

  @Property(tries = 200)
  void repliesRoundTrip(@ForAll int clientId, @ForAll @IntRange(max = 1_000_000) int n, @ForAll double loss,
      @ForAll("metrics") Map<String, Double> metrics) {
    Params p = Params.of(Map.of("w", Tensor.zeros(1)));
    Messages.FitReplyHead h = Messages.decodeFitReply(Messages.encodeFitReply(new FitReply(clientId, p, n, metrics)));
    assertEquals(new FitReply(clientId, p, n, metrics), h.with(p));
    EvaluateReply e = new EvaluateReply(clientId, n, loss, metrics);
    EvaluateReply back = Messages.decodeEvaluateReply(Messages.encodeEvaluateReply(e));
    assertEquals(e.clientId(), back.clientId());
    assertEquals(e.numExamples(), back.numExamples());
    assertEquals(Double.doubleToRawLongBits(e.loss()), Double.doubleToRawLongBits(back.loss()));
    assertEquals(e.metrics(), back.metrics());
  }

  @Property(tries = 100)
  void paramsRoundTripInChunks(@ForAll @IntRange(min = 1, max = 4) int tensors, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 64) int chunkFloats) {
    Rng rng = new Rng(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int t = 0; t < tensors; t++) {
      int rank = rng.nextInt(3);
      int[] dims = new int[rank];
      for (int k = 0; k < rank; k++) {
        dims[k] = 1 + rng.nextInt(7);
      }
      Tensor x = Tensor.randn(rng, dims);
      if (x.size() > 1) {
        x.data()[0] = Float.NaN;
        x.data()[1] = -0.0f;
      }
      m.put("t" + (tensors - t), x);
    }
    Params p = new Params(m);
    ParamsWire.Encoded e = ParamsWire.encode(p, chunkFloats * 4);
    assertEquals((p.count() + chunkFloats - 1) / chunkFloats, e.chunks().size());
    ParamsWire.Assembler a = new ParamsWire.Assembler(p.count());
    a.header(e.header());
    for (byte[] c : e.chunks()) {
      a.chunk(c);
    }
    Params back = a.finish();
    assertEquals(p.names(), back.names());
    for (String n : p.names()) {
      assertEquals(p.get(n).shape(), back.get(n).shape());
      float[] x = p.get(n).data();
      float[] y = back.get(n).data();
      int[] xb = new int[x.length];
      int[] yb = new int[y.length];
      for (int i = 0; i < x.length; i++) {
        xb[i] = Float.floatToRawIntBits(x[i]);
        yb[i] = Float.floatToRawIntBits(y[i]);
      }
      assertArrayEquals(xb, yb, n);
    }
  }

  @Property(tries = 100)
  void aFlippedBitInAChunkIsDataLossOrInvalid(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    Params p = new Params(Map.of("w", Tensor.randn(new Rng(seed), 10, 3)));
    ParamsWire.Encoded e = ParamsWire.encode(p, 32);
    List<byte[]> chunks = new ArrayList<>(e.chunks());
    int k = where % chunks.size();
    byte[] c = chunks.get(k).clone();
    int i = 6 + (where / chunks.size()) % (c.length - 6); // past the magic/version/type header
    c[i] ^= (byte) (1 << bit);
    chunks.set(k, c);
    ParamsWire.Assembler a = new ParamsWire.Assembler(p.count());
    a.header(e.header());
    StatusRuntimeException ex = assertThrows(StatusRuntimeException.class, () -> {
      for (byte[] x : chunks) {
        a.chunk(x);
      }
      a.finish();
    });
    Status.Code code = ex.getStatus().getCode();
    assertEquals(true, code == Status.Code.DATA_LOSS || code == Status.Code.INVALID_ARGUMENT, code.toString());
  }

  @Property(tries = 300)
  void randomBytesAreRefusedAsInvalid(@ForAll byte[] garbage, @ForAll boolean withHeader,
      @ForAll @IntRange(min = 1, max = 13) int type) {
    byte[] msg = garbage;
    if (withHeader) {
      msg = new byte[garbage.length + 6];
      java.nio.ByteBuffer.wrap(msg).putInt(Wire.MAGIC).put(Wire.VERSION).put((byte) type).put(garbage);
    }
    byte[] m = msg;
    List<Runnable> decoders = List.of(() -> Messages.decodeInstruction(m), () -> Messages.decodeFitReply(m),
        () -> Messages.decodeEvaluateReply(m), () -> Messages.decodeWelcome(m), () -> Messages.decodeTask(m),
        () -> Messages.decodeSubmitHead(m), () -> ParamsWire.decodeHeader(m, 1 << 20),
        () -> new ParamsWire.Assembler(1 << 20).chunk(m));
    for (Runnable d : decoders) {
      try {
        d.run();
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
      }
    }
  }

  @Property(tries = 50)
  void anUnsupportedConfigTypeIsRefusedByName(@ForAll @IntRange(min = 0, max = 100) int v) {
    Config c = new Config(Map.of("lr", new java.math.BigDecimal(v)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Messages.encodeInstruction(
        new Messages.Instruction(1, 0, 1, c, new Rng(1).snapshot())));
    assertEquals(true, e.getMessage().contains("'lr'") && e.getMessage().contains("BigDecimal"), e.getMessage());
  }

  @Property(tries = 20)
  void aTruncatedOrMisorderedTransferIsInvalid(@ForAll long seed) {
    Params p = new Params(Map.of("w", Tensor.randn(new Rng(seed), 20)));
    ParamsWire.Encoded e = ParamsWire.encode(p, 16);
    ParamsWire.Assembler a = new ParamsWire.Assembler(p.count());
    a.header(e.header());
    a.chunk(e.chunks().get(0));
    StatusRuntimeException early = assertThrows(StatusRuntimeException.class, a::finish);
    assertEquals(Status.Code.INVALID_ARGUMENT, early.getStatus().getCode());
    ParamsWire.Assembler b = new ParamsWire.Assembler(p.count());
    b.header(e.header());
    StatusRuntimeException skip = assertThrows(StatusRuntimeException.class, () -> b.chunk(e.chunks().get(1)));
    assertEquals(Status.Code.INVALID_ARGUMENT, skip.getStatus().getCode());
    StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class,
        () -> new ParamsWire.Assembler(p.count() - 1).header(e.header()));
    assertEquals(Status.Code.INVALID_ARGUMENT, tooBig.getStatus().getCode());
    assertEquals(Shape.of(20), p.get("w").shape());
  }
}
