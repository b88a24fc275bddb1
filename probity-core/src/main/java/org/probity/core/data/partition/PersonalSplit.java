package org.probity.core.data.partition;

import org.probity.core.data.Dataset;

/**
 * A cross-device validation or test client's data (Motley protocol): the personalisation set it
 * fine-tunes or selects a model on, and the evaluation set its accuracy is measured on.
 */
public record PersonalSplit(Dataset personalization, Dataset evaluation) {}
