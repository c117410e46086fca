package dev.tributary.api.v1alpha1;

/** Names shared by every Tributary resource kind. */
public final class Tributary {

    public static final String GROUP = "tributary.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CATEGORY = "tributary";

    static final String READY_STATUS_PATH = ".status.conditions[?(@.type==\"Ready\")].status";
    static final String READY_REASON_PATH = ".status.conditions[?(@.type==\"Ready\")].reason";

    private Tributary() {
    }
}
