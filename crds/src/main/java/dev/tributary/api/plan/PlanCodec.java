package dev.tributary.api.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes and reads plans as JSON, canonically (same plan, same bytes), and hashes them. */
public final class PlanCodec {

    /** The key under which the plan is stored in the Pipeline's ConfigMap. */
    public static final String CONFIG_MAP_KEY = "plan.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PlanCodec() {
    }

    public static String toJson(PipelinePlan plan) {
        try {
            return MAPPER.writeValueAsString(plan) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    public static PipelinePlan fromJson(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            int version = tree.path("version").asInt(-1);
            if (version != PipelinePlan.CURRENT_VERSION) {
                throw new IllegalArgumentException("plan version " + version + " is not the version this build"
                        + " understands (" + PipelinePlan.CURRENT_VERSION + "): run the runtime image that matches"
                        + " the operator");
            }
            return MAPPER.treeToValue(tree, PipelinePlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the plan is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** A short, stable hash of the plan's content: a change of plan changes it, and rolls the pods that carry it. */
    public static String hash(PipelinePlan plan) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson(plan).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
