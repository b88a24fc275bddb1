package org.probity.cli.run;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a generator's configuration record to a spec's {@code data.options} and back: each record
 * component is an option under its snake_case name ({@code minorityFraction} is
 * {@code minority_fraction}) with the default record's value, and options build the record through
 * its canonical constructor, so the generator's own checks apply and no option list is kept twice.
 */
final class RecordOptions {
  private RecordOptions() {}

  /** The record's components as options in declaration order. */
  static Map<String, Object> of(Record r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        out.put(snake(c.getName()), c.getAccessor().invoke(r));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
      }
    }
    return out;
  }

  /**
   * A record of {@code type} from {@code options} (snake_case keys, values as {@link #of} gives
   * them); a generator's own rejection of a value surfaces as its IllegalArgumentException.
   */
  static <R extends Record> R build(Class<R> type, Map<String, Object> options) {
    RecordComponent[] comps = type.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      Object v = options.get(snake(comps[i].getName()));
      if (v == null) {
        throw new IllegalArgumentException("option " + snake(comps[i].getName()) + " is missing");
      }
      args[i] = convert(v, types[i]);
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  private static Object convert(Object v, Class<?> t) {
    if (t == int.class || t == Integer.class) {
      return ((Number) v).intValue();
    }
    if (t == long.class || t == Long.class) {
      return ((Number) v).longValue();
    }
    if (t == double.class || t == Double.class) {
      return ((Number) v).doubleValue();
    }
    if (t == float.class || t == Float.class) {
      return ((Number) v).floatValue();
    }
    return v;
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
