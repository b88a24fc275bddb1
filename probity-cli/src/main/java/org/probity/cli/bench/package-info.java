/**
 * The {@code probity bench} harness: workloads that time the engine's fast paths against their
 * plain fallbacks in one process, the runner that times them, and the table and JSON they print.
 */
package org.probity.cli.bench;
