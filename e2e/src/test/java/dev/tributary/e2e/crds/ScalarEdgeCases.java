package dev.tributary.e2e.crds;

import java.util.ArrayList;
import java.util.List;

/**
 * Generated YAML documents that put each scalar form YAML 1.1 reads differently from YAML 1.2 (or from what a reader
 * expects) into a field of each schema type: a string, an enum string, an integer, a boolean, a map of strings,
 * metadata.name and a label; plus merge keys, duplicate keys, and a key that is itself a YAML 1.1 boolean.
 */
final class ScalarEdgeCases {

    static final List<String> SCALARS = List.of(
            "y", "Y", "yes", "Yes", "YES", "yES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
            "true", "True", "FALSE", "~", "null", "Null", "''", "0x1F", "0X1f", "012", "0o12", "09", "0b11", "1_000",
            "+5", "-3", "3", "1e3", "1.0", "1.5", ".5", "1:20", "2001-12-14", "2001-12-14T21:59:43Z",
            "2001-12-14 21:59:43.10", ".inf", "-.Inf", ".nan", "'y'", "\"012\"", "!!str 12", "!!int \"12\"",
            "!!str yes", "99999999999999999999", "abc", "order", "<<x", "0.0.1");

    /** Templates with one {@code @} where the scalar goes. */
    private static final List<String[]> SLOTS = List.of(
            new String[] {"spec.schema.fields[0].name (string)", source("  schema:\n    fields:\n"
                    + "      - {name: @, type: BIGINT}\n")},
            new String[] {"spec.schema.fields[0].type (string with a pattern)", source("  schema:\n    fields:\n"
                    + "      - {name: v, type: @}\n")},
            new String[] {"spec.format (enum)", source("  format: @\n  schema:\n    fields:\n"
                    + "      - {name: v, type: BIGINT}\n")},
            new String[] {"spec.topic.partitions (integer)", source("  topic:\n    partitions: @\n  schema:\n"
                    + "    fields:\n      - {name: v, type: BIGINT}\n")},
            new String[] {"spec.topic.external (boolean)", source("  topic:\n    external: @\n  schema:\n"
                    + "    fields:\n      - {name: v, type: BIGINT}\n")},
            new String[] {"spec.topic.config (map of strings)", source("  topic:\n    config:\n"
                    + "      retention.ms: @\n  schema:\n    fields:\n      - {name: v, type: BIGINT}\n")},
            new String[] {"metadata.labels (map of strings)", "apiVersion: tributary.dev/v1alpha1\nkind: Source\n"
                    + "metadata:\n  name: edge\n  labels:\n    team: @\nspec:\n  schema:\n    fields:\n"
                    + "      - {name: v, type: BIGINT}\n"},
            new String[] {"metadata.name", "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata:\n"
                    + "  name: @\nspec:\n  schema:\n    fields:\n      - {name: v, type: BIGINT}\n"});

    private static final List<String[]> STRUCTURE = List.of(
            new String[] {"merge key: the anchored fields fill the mapping",
                    source("  topic: &t {partitions: 3}\n  schema:\n    fields:\n      - <<: {type: BIGINT}\n"
                            + "        name: v\n")},
            new String[] {"merge key: an explicit key before the merge is overwritten by it (go-yaml v2)",
                    source("  schema:\n    fields:\n      - name: v\n        type: 12\n        <<: {type: BIGINT}\n")},
            new String[] {"merge key: an explicit key after the merge wins",
                    source("  schema:\n    fields:\n      - <<: {type: BIGINT}\n        name: v\n        type: 12\n")},
            new String[] {"merge key from a list of anchors", "apiVersion: tributary.dev/v1alpha1\nkind: Source\n"
                    + "metadata:\n  name: edge\nspec:\n  schema:\n    fields:\n      - &a {name: v, type: BIGINT}\n"
                    + "      - <<: [*a, {type: STRING}]\n        name: w\n"},
            new String[] {"duplicate key: the last one wins",
                    source("  schema:\n    fields:\n      - {name: v, type: 12, type: BIGINT}\n")},
            new String[] {"duplicate key: the last one is wrong",
                    source("  schema:\n    fields:\n      - {name: v, type: BIGINT, type: 12}\n")},
            new String[] {"a key that is a YAML 1.1 boolean (on)",
                    source("  schema:\n    fields:\n      - {name: v, type: BIGINT}\n  on: x\n")},
            new String[] {"an integer key", source("  schema:\n    fields:\n      - {name: v, type: BIGINT}\n  1: x\n")},
            new String[] {"a null field is dropped", source("  format: ~\n  schema:\n    fields:\n"
                    + "      - {name: v, type: BIGINT}\n")},
            new String[] {"a required field set to null", source("  schema: ~\n")},
            new String[] {"a null list item", source("  schema:\n    fields:\n      - {name: v, type: BIGINT}\n"
                    + "      - ~\n")},
            new String[] {"an anchored scalar reused by an alias", source("  schema:\n    fields:\n"
                    + "      - {name: &n yes, type: BIGINT}\n      - {name: *n, type: STRING}\n")},
            new String[] {"a block scalar is a string", source("  schema:\n    fields:\n      - name: |-\n"
                    + "          012\n        type: BIGINT\n")});

    private ScalarEdgeCases() {
    }

    private static String source(String spec) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata:\n  name: edge\nspec:\n" + spec;
    }

    /** Each case as {label, YAML}. */
    static List<String[]> all() {
        List<String[]> cases = new ArrayList<>();
        for (String[] slot : SLOTS) {
            for (String scalar : SCALARS) {
                cases.add(new String[] {slot[0] + " = " + scalar, slot[1].replace("@", scalar)});
            }
        }
        cases.addAll(STRUCTURE);
        return cases;
    }
}
