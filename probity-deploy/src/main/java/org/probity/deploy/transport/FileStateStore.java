package org.probity.deploy.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.federated.ClientStateStore;
import org.probity.tensor.io.SafeTensors;
import org.probity.tensor.nn.Params;

/**
 * A {@link ClientStateStore} whose states live as files in a folder the caller names, so that a
 * site's state (Ditto's personal model, a private silo's ledger) survives a restart of the site's
 * process: a {@link FederationClient} restarted on the same folder continues exactly where it left
 * off. The encoding is {@link org.probity.federated.DiskSpillingStateStore}'s: {@link Params} as
 * float32 safetensors ({@code client-<id>.safetensors}, bit for bit), and String, Boolean, the
 * boxed numbers and primitive arrays by Java serialisation ({@code client-<id>.ser}); other types
 * are refused at {@link #put}. Every write goes to a temporary file that is forced to disk and then
 * moved over the old one (write-ahead by rename, as databases do), so a crash leaves either the old
 * state or the new one, never half of either; temporary files left by a crash are ignored and
 * removed when the store opens. A file that cannot be read back is an error naming the file, never
 * a silently empty state. States are cached on the heap after the first read (they are immutable
 * values); safe for concurrent use by different client ids.
 */
public final class FileStateStore implements ClientStateStore {
  private static final String PARAMS_SUFFIX = ".safetensors";
  private static final String VALUE_SUFFIX = ".ser";
  private static final String PREFIX = "client-";
  private static final String TMP_SUFFIX = ".tmp";
  private static final Set<Class<?>> SIMPLE = Set.of(String.class, Boolean.class, Byte.class, Short.class,
      Integer.class, Long.class, Float.class, Double.class, byte[].class, int[].class, long[].class, float[].class,
      double[].class, boolean[].class);

  private final Path folder;
  /** States read or written by this instance. */
  private final Map<Integer, Object> cache = new ConcurrentHashMap<>();
  /** Clients with a state file, and that file. */
  private final Map<Integer, Path> files = new ConcurrentHashMap<>();
  /** One lock per client id: different clients never wait for each other's disk writes. */
  private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

  /**
   * Opens (creating it if needed) the store in {@code folder}: every {@code client-<id>.safetensors}
   * or {@code client-<id>.ser} in it is a state; anything else there is an error, since a folder
   * shared with other files would be a folder whose files a store could clobber.
   */
  public FileStateStore(Path folder) {
    this.folder = folder;
    try {
      Files.createDirectories(folder);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (name.endsWith(TMP_SUFFIX)) {
            Files.deleteIfExists(p); // an interrupted write; the state it was replacing is intact
            continue;
          }
          int id = clientId(name);
          if (id < 0) {
            throw new IllegalArgumentException("file state store: " + p + " is not a state file (expected "
                + PREFIX + "<id>" + PARAMS_SUFFIX + " or " + PREFIX + "<id>" + VALUE_SUFFIX + "); give the store a"
                + " folder of its own");
          }
          Path before = files.put(id, p);
          if (before != null) {
            throw new IllegalStateException("file state store: client " + id + " has two state files, " + before
                + " and " + p + "; remove the stale one");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("file state store: cannot open folder " + folder, e);
    }
  }

  /** The folder holding the state files. */
  public Path folder() {
    return folder;
  }

  @Override
  public Optional<Object> get(int clientId) {
    Object v = cache.get(clientId);
    if (v != null) {
      return Optional.of(v);
    }
    synchronized (lock(clientId)) {
      v = cache.get(clientId);
      if (v != null) {
        return Optional.of(v);
      }
      Path file = files.get(clientId);
      if (file == null) {
        return Optional.empty();
      }
      Object loaded = read(clientId, file);
      cache.put(clientId, loaded);
      return Optional.of(loaded);
    }
  }

  @Override
  public void put(int clientId, Object state) {
    if (state == null) {
      throw new IllegalArgumentException("file state store: null state for client " + clientId);
    }
    if (clientId < 0) {
      throw new IllegalArgumentException("file state store: client id " + clientId + " is negative");
    }
    if (!(state instanceof Params) && !SIMPLE.contains(state.getClass())) {
      throw new IllegalArgumentException("file state store: client " + clientId + "'s state is a "
          + state.getClass().getName() + "; supported are Params, String, Boolean, boxed numbers and primitive arrays");
    }
    synchronized (lock(clientId)) {
      Path file = folder.resolve(PREFIX + clientId + (state instanceof Params ? PARAMS_SUFFIX : VALUE_SUFFIX));
      write(clientId, state, file);
      Path old = files.put(clientId, file);
      if (old != null && !old.equals(file)) {
        try {
          Files.deleteIfExists(old); // the state changed type; the new file is already in place
        } catch (IOException e) {
          throw new UncheckedIOException("file state store: cannot delete client " + clientId + "'s old state " + old,
              e);
        }
      }
      cache.put(clientId, state);
    }
  }

  @Override
  public int size() {
    return files.size();
  }

  private Object lock(int clientId) {
    return locks.computeIfAbsent(clientId, k -> new Object());
  }

  /** The client id of a state file's name, or -1 if it is not one. */
  private static int clientId(String name) {
    String stem;
    if (name.startsWith(PREFIX) && name.endsWith(PARAMS_SUFFIX)) {
      stem = name.substring(PREFIX.length(), name.length() - PARAMS_SUFFIX.length());
    } else if (name.startsWith(PREFIX) && name.endsWith(VALUE_SUFFIX)) {
      stem = name.substring(PREFIX.length(), name.length() - VALUE_SUFFIX.length());
    } else {
      return -1;
    }
    if (stem.isEmpty() || stem.length() > 9) {
      return -1;
    }
    for (int i = 0; i < stem.length(); i++) {
      if (stem.charAt(i) < '0' || stem.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(stem);
  }

  private void write(int clientId, Object state, Path file) {
    Path tmp = folder.resolve(file.getFileName() + "." + Thread.currentThread().getId() + TMP_SUFFIX);
    try {
      byte[] bytes;
      if (state instanceof Params p) {
        bytes = SafeTensors.writer().putAll(p).toBytes();
      } else {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
          out.writeObject(state);
        }
        bytes = b.toByteArray();
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true); // a restarted site must find the state that was there before, not an empty file
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the write already failed; report that
      }
      throw new UncheckedIOException("file state store: cannot write client " + clientId + "'s state to " + file,
          e);
    }
  }

  private static Object read(int clientId, Path file) {
    try {
      if (file.getFileName().toString().endsWith(PARAMS_SUFFIX)) {
        return SafeTensors.loadParams(file);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        // Only the value types a state may have are ever instantiated from the file.
        in.setObjectInputFilter(info -> info.serialClass() == null ? ObjectInputFilter.Status.UNDECIDED
            : SIMPLE.contains(info.serialClass()) || info.serialClass() == Number.class
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED);
        Object v = in.readObject();
        if (v == null || !SIMPLE.contains(v.getClass())) {
          throw new IOException("holds a " + (v == null ? "null" : v.getClass().getName())
              + ", not a supported state value");
        }
        return v;
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new IllegalStateException("file state store: client " + clientId + "'s state file " + file
          + " is corrupt or unreadable (" + e.getMessage() + "); restore it from a backup or delete it to start"
          + " the client's state afresh", e);
    }
  }
}
