package dev.tributary.api.v1alpha1;

/** What happens to data that Tributary created when the resource that declared it is deleted. */
public enum DeletionPolicy {
    /** Leave the data in place; the default. */
    Retain,
    /** Delete the data together with the resource. */
    Delete
}
