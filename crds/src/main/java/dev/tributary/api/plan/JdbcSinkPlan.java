package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A JDBC sink: where, which table, with which credentials, upserting on which key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JdbcSinkPlan(String url, String table, SecretCredentials credentials, List<String> upsertKey,
        long flushIntervalMs, int batchSize) {

    public JdbcSinkPlan {
        upsertKey = upsertKey == null ? List.of() : List.copyOf(upsertKey);
    }
}
