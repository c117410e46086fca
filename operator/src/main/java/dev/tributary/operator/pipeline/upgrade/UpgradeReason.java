package dev.tributary.operator.pipeline.upgrade;

import java.util.Arrays;

/** Why the job is being moved, as {@code status.upgrade.reason} records it. */
public enum UpgradeReason {
    UPGRADE("upgrade", "Upgrade"),
    SUSPEND("suspend", "Suspend"),
    RESUME("resume", "Resume");

    private final String value;
    private final String title;

    UpgradeReason(String value, String title) {
        this.value = value;
        this.title = title;
    }

    /** The word in {@code status.upgrade.reason}. */
    public String value() {
        return value;
    }

    /** The capitalised word events start with ("Upgrade", "Upgraded"). */
    public String title() {
        return title;
    }

    /** The reason a status records; anything unknown (or missing) counts as an upgrade. */
    public static UpgradeReason of(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst().orElse(UPGRADE);
    }

    @Override
    public String toString() {
        return value;
    }
}
