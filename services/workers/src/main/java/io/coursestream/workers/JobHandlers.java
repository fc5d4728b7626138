package io.coursestream.workers;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.coursestream.schemas.jobs.JobType;
import io.quarkus.runtime.Startup;

/** The handler of each job type, from the {@link JobHandler} beans; two handlers for one type fail the start. */
@Startup
@ApplicationScoped
public class JobHandlers {

    private static final Logger LOG = Logger.getLogger(JobHandlers.class);

    private final Map<JobType, JobHandler> byType = new EnumMap<>(JobType.class);

    @Inject
    JobHandlers(Instance<JobHandler> handlers) {
        for (JobHandler handler : handlers) {
            JobHandler previous = byType.putIfAbsent(handler.type(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for job type " + handler.type() + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        LOG.infof("job handlers: %s", byType.keySet());
    }

    public Optional<JobHandler> forType(JobType type) {
        return Optional.ofNullable(byType.get(type));
    }
}
