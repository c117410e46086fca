package dev.tributary.operator.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock the operator reads the time from: the system's in the operator, one a test moves in its tests. */
@ApplicationScoped
public class SystemClock {

    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
