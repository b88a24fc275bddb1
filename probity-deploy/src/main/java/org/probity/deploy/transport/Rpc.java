package org.probity.deploy.transport;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The gRPC surface of Probity's federation protocol, written out by hand (no protoc): six methods
 * of the service {@code probity.federation.v1.Federation} whose messages are plain byte arrays in
 * the {@link Wire} format. Register, Poll (a long poll that doubles as heartbeat), Status and
 * FailTask (a site reports that its local work on a task threw, so the server need not wait for
 * the task's deadline) are unary; FetchParams streams parameter chunks to the client; Submit
 * streams a reply's chunks to the server. Clients only ever call out, so sites need no open ports
 * (the pull model of Flower's SuperLink and NVFlare).
 */
public final class Rpc {
  public static final String SERVICE = "probity.federation.v1.Federation";

  /** The header naming the calling site; honoured only by a server in plaintext test mode. */
  public static final Metadata.Key<String> SITE_HEADER = Metadata.Key.of("probity-site",
      Metadata.ASCII_STRING_MARSHALLER);

  /** Where the plaintext-mode interceptor leaves the site header of the current call. */
  static final Context.Key<String> HEADER_SITE = Context.key("probity-header-site");

  private Rpc() {}

  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("rpc: cannot read a message", e);
      }
    }
  };

  public static final MethodDescriptor<byte[], byte[]> REGISTER = method("Register", MethodDescriptor.MethodType.UNARY);
  public static final MethodDescriptor<byte[], byte[]> POLL = method("Poll", MethodDescriptor.MethodType.UNARY);
  public static final MethodDescriptor<byte[], byte[]> FETCH_PARAMS = method("FetchParams",
      MethodDescriptor.MethodType.SERVER_STREAMING);
  public static final MethodDescriptor<byte[], byte[]> SUBMIT = method("Submit",
      MethodDescriptor.MethodType.CLIENT_STREAMING);
  public static final MethodDescriptor<byte[], byte[]> STATUS = method("Status", MethodDescriptor.MethodType.UNARY);
  public static final MethodDescriptor<byte[], byte[]> FAIL_TASK = method("FailTask",
      MethodDescriptor.MethodType.UNARY);

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  }

  /** Copies the {@link #SITE_HEADER} into {@link #HEADER_SITE}; installed only in plaintext mode. */
  static final class HeaderSite implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      String site = headers.get(SITE_HEADER);
      return Contexts.interceptCall(Context.current().withValue(HEADER_SITE, site), call, headers, next);
    }
  }
}
