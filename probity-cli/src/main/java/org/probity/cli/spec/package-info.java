/**
 * Experiment specs: YAML read with line and column kept ({@link org.probity.cli.spec.YamlTree}),
 * {@code --set} overrides, validation that names the file, line, key path and the closest valid
 * key ({@link org.probity.cli.spec.Section}), the records of a validated experiment
 * ({@link org.probity.cli.spec.ExperimentSpec}) and the resolved spec written back as YAML.
 */
package org.probity.cli.spec;
