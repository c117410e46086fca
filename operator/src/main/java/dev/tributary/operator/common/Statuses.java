package dev.tributary.operator.common;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Status comparison: a status is only written when what it says changed. */
public final class Statuses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Statuses() {
    }

    public static boolean same(Object a, Object b) {
        return MAPPER.valueToTree(a).equals(MAPPER.valueToTree(b));
    }
}
