package dev.tributary.e2e.operator;

/**
 * The upgrade suites' resources: a Source of clicks, an upsert Sink of per-user totals and the Pipeline
 * {@code counter} that counts clicks per user with a savepoint upgrade mode and a checkpoint volume of the given
 * storage class; changing {@code excludedUser} changes the SQL, so the plan, so it is an upgrade.
 */
final class CounterPipeline {

    private CounterPipeline() {
    }

    static String resources(String namespace, String storageClass, String excludedUser, String state) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks, namespace: %1$s}
                spec:
                  topic: {partitions: 2, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: totals, namespace: %1$s}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1}, keyFields: [user_id]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: counter, namespace: %1$s}
                spec:
                  sources: [clicks]
                  sinks: [totals]
                  sql: INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks WHERE user_id <> '%2$s' GROUP BY user_id
                  parallelism: {initial: 1, min: 1, max: 2}
                  checkpoints:
                    interval: 1s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: %4$s}}
                  upgradeMode: savepoint
                  state: %3$s
                """.formatted(namespace, excludedUser, state, storageClass);
    }

    /**
     * An admission policy that refuses every update of {@code counter-jobmanager} in the namespace, so an upgrade
     * records its savepoint and then cannot redeploy: a certain moment to kill an operator, not a race.
     */
    static String holdJobManager(String namespace, String policyName, String heldBy) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %2$s}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [apps], apiVersions: [v1], operations: [UPDATE], resources: [deployments],
                         resourceNames: [counter-jobmanager]}
                  validations:
                    - {expression: "false", message: "held by %3$s"}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %2$s}
                spec:
                  policyName: %2$s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %1$s}}
                """.formatted(namespace, policyName, heldBy);
    }
}
