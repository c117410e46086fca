package dev.tributary.operator.testing;

import dev.tributary.operator.common.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Events as lines ("Warning Reason message") instead of API writes. */
public final class RecordedEvents extends EventRecorder {

    public final List<String> recorded = new ArrayList<>();

    public RecordedEvents() {
        super(null, java.time.Clock.systemUTC());
    }

    @Override
    public void normal(HasMetadata resource, String reason, String message) {
        recorded.add("Normal " + reason + " " + message);
    }

    @Override
    public void warning(HasMetadata resource, String reason, String message) {
        recorded.add("Warning " + reason + " " + message);
    }
}
