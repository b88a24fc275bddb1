package org.probity.federated;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.probity.tensor.io.SafeTensors;
import org.probity.tensor.nn.Params;

/**
 * A {@link ClientStateStore} that keeps at most {@code maxInMemory} client states on the heap, the
 * least recently used ones leaving first, and writes the others to files in a private temporary
 * folder, so that a simulation of thousands of clients with personal models fits in a bounded heap
 * (issue 4, item 2). A state read from disk moves back into memory (and its file is removed), so
 * every client's state lives in exactly one place. Supported values: {@link Params} (written as
 * float32 safetensors, which round-trips bit for bit), and the simple values String, Boolean, the
 * boxed numbers (Byte, Short, Integer, Long, Float, Double) and primitive arrays (byte[], int[],
 * long[], float[], double[], boolean[]), written with Java serialisation; any other type is
 * refused at {@link #put} with an {@link IllegalArgumentException} naming it, since a value that
 * cannot be spilled must not be accepted and fail later, far from its cause. Every file is written
 * to a temporary name and then moved into place, so a crash never leaves a half-written state
 * under a client's name. {@link #close} deletes the folder. Thread-safe: one lock guards the LRU
 * order and the files, which is simple and correct; spilling is rare next to local training.
 */
public final class DiskSpillingStateStore implements ClientStateStore, AutoCloseable {
  private static final String PARAMS_SUFFIX = ".safetensors";
  private static final String VALUE_SUFFIX = ".ser";
  private static final Set<Class<?>> SIMPLE = Set.of(String.class, Boolean.class, Byte.class, Short.class,
      Integer.class, Long.class, Float.class, Double.class, byte[].class, int[].class, long[].class, float[].class,
      double[].class, boolean[].class);

  private final int maxInMemory;
  private final Path folder;
  /** Access-ordered: iteration starts at the least recently used state. */
  private final LinkedHashMap<Integer, Object> memory = new LinkedHashMap<>(16, 0.75f, true);
  /** Clients whose state is on disk, and the file holding it. */
  private final Map<Integer, Path> onDisk = new HashMap<>();
  private long spills;
  private long loads;
  private boolean closed;

  /** A store spilling into a new folder under the system's temporary folder. */
  public DiskSpillingStateStore(int maxInMemory) {
    this(maxInMemory, null);
  }

  /**
   * @param maxInMemory how many states stay on the heap (>= 0; 0 keeps none there)
   * @param parent the folder in which to create this store's own temporary folder; null for the
   *     system's temporary folder
   */
  public DiskSpillingStateStore(int maxInMemory, Path parent) {
    if (maxInMemory < 0) {
      throw new IllegalArgumentException("disk-spilling state store: maxInMemory must be >= 0, got " + maxInMemory);
    }
    this.maxInMemory = maxInMemory;
    try {
      this.folder = parent == null ? Files.createTempDirectory("probity-states-")
          : Files.createTempDirectory(parent, "probity-states-");
    } catch (IOException e) {
      throw new UncheckedIOException("disk-spilling state store: cannot create a temporary folder"
          + (parent == null ? "" : " in " + parent), e);
    }
  }

  /** The folder the spilled states are written to (deleted by {@link #close}). */
  public Path folder() {
    return folder;
  }

  public int maxInMemory() {
    return maxInMemory;
  }

  @Override
  public synchronized Optional<Object> get(int clientId) {
    ensureOpen();
    Object v = memory.get(clientId);
    if (v != null) {
      return Optional.of(v);
    }
    Path file = onDisk.remove(clientId);
    if (file == null) {
      return Optional.empty();
    }
    Object loaded = read(clientId, file);
    delete(file);
    loads++;
    memory.put(clientId, loaded);
    evict();
    return Optional.of(loaded);
  }

  @Override
  public synchronized void put(int clientId, Object state) {
    ensureOpen();
    if (state == null) {
      throw new IllegalArgumentException("state store: null state for client " + clientId);
    }
    if (!(state instanceof Params) && !SIMPLE.contains(state.getClass())) {
      throw new IllegalArgumentException("disk-spilling state store: client " + clientId + "'s state is a "
          + state.getClass().getName() + "; supported are Params, String, Boolean, boxed numbers and primitive arrays");
    }
    Path stale = onDisk.remove(clientId);
    if (stale != null) {
      delete(stale);
    }
    memory.put(clientId, state);
    evict();
  }

  @Override
  public synchronized int size() {
    return memory.size() + onDisk.size();
  }

  /** States held on the heap now. */
  public synchronized int inMemory() {
    return memory.size();
  }

  /** States held on disk now. */
  public synchronized int spilled() {
    return onDisk.size();
  }

  /** How many times a state was written to disk, and read back, since the store was made. */
  public synchronized long spills() {
    return spills;
  }

  public synchronized long loads() {
    return loads;
  }

  /** The client ids held on the heap, least recently used first (for tests and diagnostics). */
  public synchronized List<Integer> memoryOrder() {
    return new ArrayList<>(memory.keySet());
  }

  /** Deletes the folder and every spilled state; the store cannot be used afterwards. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    memory.clear();
    onDisk.clear();
    try (Stream<Path> files = Files.walk(folder)) {
      List<Path> all = files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("disk-spilling state store: cannot delete " + folder, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("disk-spilling state store: already closed (folder " + folder + ")");
    }
  }

  /** Writes least recently used states to disk until at most maxInMemory remain. */
  private void evict() {
    Iterator<Map.Entry<Integer, Object>> it = memory.entrySet().iterator();
    while (memory.size() > maxInMemory && it.hasNext()) {
      Map.Entry<Integer, Object> e = it.next();
      onDisk.put(e.getKey(), write(e.getKey(), e.getValue()));
      spills++;
      it.remove();
    }
  }

  private Path write(int clientId, Object state) {
    try {
      if (state instanceof Params p) {
        Path file = folder.resolve("client-" + clientId + PARAMS_SUFFIX);
        SafeTensors.save(file, p, Map.of());
        return file;
      }
      Path file = folder.resolve("client-" + clientId + VALUE_SUFFIX);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(state);
      }
      Path tmp = folder.resolve("client-" + clientId + VALUE_SUFFIX + ".tmp");
      Files.write(tmp, bytes.toByteArray());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("disk-spilling state store: cannot write client " + clientId + "'s state to "
          + folder, e);
    }
  }

  private static Object read(int clientId, Path file) {
    try {
      if (file.getFileName().toString().endsWith(PARAMS_SUFFIX)) {
        return SafeTensors.loadParams(file);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        return in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("disk-spilling state store: cannot read client " + clientId + "'s state from "
          + file + ": " + e, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("disk-spilling state store: cannot delete " + file, e);
    }
  }
}
