package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.probity.federated.FederationResult;
import org.probity.federated.FitReply;
import org.probity.tensor.nn.Params;

/**
 * A hostile site speaking the protocol by hand: a corrupted chunk, a wrong SHA-256, a message over
 * the size limit, garbage bytes and chunks out of order are each refused with their status, an
 * unknown site is denied, and meanwhile the honest sites finish the federation and the hostile
 * site's own task still accepts a correct reply afterwards.
 */
class BadMessagesTest extends LoopbackTest {
  private ManagedChannel evil;

  @AfterEach
  void closeHostileChannel() throws Exception {
    if (evil != null) {
      evil.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static ManagedChannel channel(int port, String site) {
    Metadata h = new Metadata();
    h.put(Rpc.SITE_HEADER, site);
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(h)).build();
  }

  private static CallOptions deadline() {
    return CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private Status.Code submit(List<byte[]> messages) {
    java.util.concurrent.CompletableFuture<byte[]> ack = new java.util.concurrent.CompletableFuture<>();
    io.grpc.stub.StreamObserver<byte[]> req = ClientCalls.asyncClientStreamingCall(
        evil.newCall(Rpc.SUBMIT, deadline()), new io.grpc.stub.StreamObserver<>() {
          @Override
          public void onNext(byte[] v) {
            ack.complete(v);
          }

          @Override
          public void onError(Throwable t) {
            ack.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            ack.complete(null);
          }
        });
    for (byte[] m : messages) {
      req.onNext(m);
    }
    req.onCompleted();
    try {
      ack.get(6, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (java.util.concurrent.ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void badMessagesAreRefusedAndTheServerKeepsServing() throws Exception {
    FederationServer server = FederationServer.start(Sites.server(dir).minClients(2).rounds(2)
        .taskDeadlineMillis(3000).build());
    track(server);
    int port = server.port();
    int hostileId = Sites.ids().get(2);
    evil = channel(port, Sites.site(hostileId));

    ManagedChannel stranger = channel(port, "mallory");
    StatusRuntimeException denied = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(stranger, Rpc.REGISTER, deadline(), Messages.empty(Wire.REGISTER)));
    assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
    stranger.shutdownNow();

    StatusRuntimeException garbageRegister = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(evil, Rpc.REGISTER, deadline(), new byte[] {1, 2, 3, 4, 5, 6, 7}));
    assertEquals(Status.Code.INVALID_ARGUMENT, garbageRegister.getStatus().getCode());

    Messages.Welcome w = Messages.decodeWelcome(ClientCalls.blockingUnaryCall(evil, Rpc.REGISTER, deadline(),
        Messages.empty(Wire.REGISTER)));
    assertEquals(hostileId, w.clientId());
    for (int id : Sites.ids().subList(0, 2)) {
      track(FederationClient.start(Sites.client(port, id)));
    }
    assertEquals("softmax", new String(w.recipe(), java.nio.charset.StandardCharsets.UTF_8));
    Messages.Task task = null;
    for (int i = 0; i < 30 && task == null; i++) {
      Messages.Task t = Messages.decodeTask(ClientCalls.blockingUnaryCall(evil, Rpc.POLL, deadline(),
          Messages.empty(Wire.POLL)));
      task = t.kind() == Messages.KIND_FIT ? t : null;
    }
    assertTrue(task != null, "a fit task arrived");
    Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(evil, Rpc.FETCH_PARAMS, deadline(),
        Messages.encodeTaskId(Wire.FETCH, task.taskId()));
    ParamsWire.Assembler a = new ParamsWire.Assembler(1 << 20);
    a.header(it.next());
    while (it.hasNext()) {
      a.chunk(it.next());
    }
    Params global = a.finish();
    ParamsWire.Encoded good = ParamsWire.encode(global, 256);
    assertTrue(good.chunks().size() > 3);
    byte[] head = Messages.encodeSubmitHead(new Messages.SubmitHead(task.taskId(), Messages.KIND_FIT,
        Messages.encodeFitReply(new FitReply(hostileId, global, 7, Map.of()))));

    List<byte[]> badCrc = messages(head, good.header(), good.chunks());
    byte[] chunk1 = badCrc.get(3).clone();
    chunk1[chunk1.length - 1] ^= 0x40;
    badCrc.set(3, chunk1);
    assertEquals(Status.Code.DATA_LOSS, submit(badCrc));

    byte[] badHeader = good.header().clone();
    badHeader[badHeader.length - 1] ^= 0x01; // the last byte of the SHA-256
    assertEquals(Status.Code.DATA_LOSS, submit(messages(head, badHeader, good.chunks())));

    List<byte[]> swapped = messages(head, good.header(), good.chunks());
    byte[] c0 = swapped.get(2);
    swapped.set(2, swapped.get(3));
    swapped.set(3, c0);
    assertEquals(Status.Code.INVALID_ARGUMENT, submit(swapped));

    List<byte[]> truncated = messages(head, good.header(), good.chunks());
    truncated.remove(truncated.size() - 1);
    assertEquals(Status.Code.INVALID_ARGUMENT, submit(truncated));

    byte[] garbage = new byte[4096];
    new java.util.Random(1).nextBytes(garbage);
    assertEquals(Status.Code.INVALID_ARGUMENT, submit(List.of(garbage)));

    byte[] huge = new byte[3 << 20];
    Status.Code oversized = submit(List.of(head, huge));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, oversized);

    String status = StatusClient.query("127.0.0.1:" + port, null, 2000);
    assertTrue(status.contains("\"site-0\""), status);

    // The task survived every refusal: a correct reply is accepted.
    assertEquals(Status.Code.OK, submit(messages(head, good.header(), good.chunks())));
    assertEquals(Status.Code.NOT_FOUND, submit(messages(head, good.header(), good.chunks())));

    FederationResult r = server.awaitResult(12_000);
    assertEquals(3, r.rounds().get(0).arrived(), r.rounds().get(0).toString());
    assertEquals(2, r.rounds().get(1).arrived(), r.rounds().get(1).toString());
  }

  private static List<byte[]> messages(byte[] head, byte[] header, List<byte[]> chunks) {
    List<byte[]> out = new ArrayList<>();
    out.add(head);
    out.add(header);
    out.addAll(chunks);
    return out;
  }
}
