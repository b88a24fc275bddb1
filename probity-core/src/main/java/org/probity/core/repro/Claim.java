package org.probity.core.repro;

/** One checkable statement a paper makes, as a reproduction tests it. */
public record Claim(String id, String statement) {}
