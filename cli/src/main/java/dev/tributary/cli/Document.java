package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One YAML document of a file: its kind, name and namespace as written, the tree as kubectl reads it, and the text as
 * written of each plain scalar that Kubernetes reads as other than a string (by field path, see {@link KubeYaml}).
 */
public record Document(String file, int index, String kind, String name, String namespace, JsonNode tree,
        Map<String, String> retyped) {

    public static final String DEFAULT_NAMESPACE = "default";

    /** {@code Kind/name}, or {@code document N} when the document does not say what it is. */
    public String resource() {
        String k = kind == null || kind.isBlank() ? "<nokind>" : kind;
        String n = name == null || name.isBlank() ? "<unnamed>" : name;
        return k + "/" + n;
    }
}
