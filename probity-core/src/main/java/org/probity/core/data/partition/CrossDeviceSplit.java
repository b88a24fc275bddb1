package org.probity.core.data.partition;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;

/**
 * Motley's cross-device protocol result: disjoint sets of train clients (all their data trains the
 * global model), validation clients (used to pick hyper-parameters such as the fine-tuning epoch
 * count) and test clients (reported); validation and test clients each split their data into a
 * personalisation and an evaluation part. Keys are dense client numbers of the partition; maps
 * iterate in ascending client order.
 */
public record CrossDeviceSplit(Map<Integer, Dataset> trainClients, Map<Integer, PersonalSplit> validationClients,
    Map<Integer, PersonalSplit> testClients, List<String> warnings) {
  public CrossDeviceSplit {
    trainClients = Collections.unmodifiableMap(new TreeMap<>(trainClients));
    validationClients = Collections.unmodifiableMap(new TreeMap<>(validationClients));
    testClients = Collections.unmodifiableMap(new TreeMap<>(testClients));
    warnings = List.copyOf(warnings);
  }
}
