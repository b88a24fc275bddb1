package org.probity.core.data;

import java.util.List;

/**
 * What {@link CsvLoader} read from one file: the dataset, plus the names that the dataset itself
 * does not carry (feature columns, class names in id order, group names in id order), which reports
 * and specs use to print "malignant" rather than "class 0".
 */
public record CsvData(Dataset dataset, List<String> featureNames, List<String> classNames, List<String> groupNames) {
  public CsvData {
    featureNames = List.copyOf(featureNames);
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    groupNames = groupNames == null ? List.of() : List.copyOf(groupNames);
  }
}
