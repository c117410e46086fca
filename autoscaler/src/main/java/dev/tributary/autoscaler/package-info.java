/**
 * The lag autoscaler's policy: from one observation of load (lag, rates, busy time) and what it remembers of earlier
 * decisions, the TaskManager count it wants and a sentence saying why. Plain Java only: no Kubernetes, Kafka or Flink
 * types, so the operator, the simulator in {@code bench/} and the tests drive the very same decisions.
 */
package dev.tributary.autoscaler;
