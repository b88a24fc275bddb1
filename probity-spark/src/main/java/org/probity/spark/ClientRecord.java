package org.probity.spark;

import java.io.Serializable;

/** One simulated client as the persisted data RDD holds it: its id and its data, both serializable. */
record ClientRecord(int clientId, WireData data) implements Serializable {}
