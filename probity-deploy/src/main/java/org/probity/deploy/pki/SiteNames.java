package org.probity.deploy.pki;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for site names: a DNS label in lower case ({@code [a-z0-9][a-z0-9-]{0,62}}, RFC 1123),
 * because a site name becomes a folder name, a certificate common name and a log field, and must
 * mean the same thing in all three. "server" and "ca" are reserved for the server's kit and the
 * CA's folder.
 */
public final class SiteNames {
  /** The pattern every site name matches. */
  public static final Pattern RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** Names taken by the federation's own folders. */
  public static final Set<String> RESERVED = Set.of("server", "ca");

  private SiteNames() {}

  /** Whether {@code name} is a usable site name (matches {@link #RULE}, not reserved). */
  public static boolean isValid(String name) {
    return name != null && RULE.matcher(name).matches() && !RESERVED.contains(name);
  }

  /** Returns {@code name}, or throws naming the value and the rule it breaks. */
  public static String check(String name) {
    if (name == null) {
      throw new IllegalArgumentException("site name is missing: expected " + RULE.pattern());
    }
    if (!RULE.matcher(name).matches()) {
      throw new IllegalArgumentException("site name \"" + name + "\" is invalid: expected " + RULE.pattern()
          + " (lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters)");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException("site name \"" + name + "\" is reserved: " + RESERVED
          + " name the federation's own folders; choose another name");
    }
    return name;
  }

  /** Checks every name and that none repeats; returns an immutable copy in the given order. */
  public static List<String> checkAll(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("site list is empty: expected at least one site name matching "
          + RULE.pattern());
    }
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      check(n);
      if (!seen.add(n)) {
        throw new IllegalArgumentException("site name \"" + n + "\" appears twice in " + names
            + ": site names must be unique");
      }
    }
    return List.copyOf(names);
  }
}
