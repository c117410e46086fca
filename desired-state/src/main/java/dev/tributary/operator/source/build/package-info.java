/**
 * The ingest endpoint a Source with {@code ingest.http} should have (Deployment, Service, PDB, NetworkPolicy): pure
 * functions of the Source. May import the API, Fabric8 model classes and {@code pipeline.build}; never a client.
 */
package dev.tributary.operator.source.build;
