/**
 * Experiment specs: YAML read with line and column kept ({@link org.probity.cli.spec.YamlTree}),
 * {@code --set} overrides, validation that names the file, line, key path and the closest valid
 * key ({@link org.probity.cli.spec.Section}), the records of a validated experiment
 * ({@link org.probity.cli.spec.ExperimentSpec}, with its {@code federated:} section as a
 * {@link org.probity.cli.spec.FederatedSection} whose strategy kinds are listed in
 * {@link org.probity.cli.spec.StrategyKinds}) and the resolved spec written back as YAML.
 */
package org.probity.cli.spec;
