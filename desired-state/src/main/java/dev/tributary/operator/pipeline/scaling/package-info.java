/**
 * What the autoscaler's policy is given for a Pipeline (its bounds and tuning), shared by the operator and
 * {@code tributary dev}. Pure: may import the API, {@code pipeline.build} and the {@code autoscaler} module.
 */
package dev.tributary.operator.pipeline.scaling;
