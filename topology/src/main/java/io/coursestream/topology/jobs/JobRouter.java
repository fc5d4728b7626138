package io.coursestream.topology.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;

/**
 * Re-keys everything the scheduler needs by the job's routing key: its {@code uniqueKey} for a unique job, its job
 * id otherwise, so a unique job, its lock and its worker reports meet in one task. Keyed by job id; remembers the
 * unique key of each unique job (the route store) because worker reports do not carry it, and forgets it when the
 * job ends: on {@code JobSucceeded}, and on {@code JobDeadLettered} or {@code JobDuplicateDropped} read back from
 * {@code jobs.scheduling}.
 */
final class JobRouter implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final String routeStoreName;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> routes;

    JobRouter(String routeStoreName) {
        this.routeStoreName = routeStoreName;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.routes = context.getStateStore(routeStoreName);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof JobCommand request) {
            String uniqueKey = request.getUniqueKey();
            if (uniqueKey != null && routes.get(request.getJobId()) == null) {
                routes.put(request.getJobId(), uniqueKey);
            }
            // A redelivered request follows the route its job already has.
            context.forward(record.withKey(routingKey(request.getJobId())));
        } else if (value instanceof JobDispatched dispatched) {
            // Dispatched straight to its queue only without a unique key: routed by its job id, as it is keyed.
            context.forward(record.withKey(dispatched.getJobId()));
        } else if (value instanceof JobStarted started) {
            // The scheduler times each queue's waits up to the start (long-wait alerts).
            context.forward(record.withKey(routingKey(started.getJobId())));
        } else if (value instanceof JobFailed failed) {
            context.forward(record.withKey(routingKey(failed.getJobId())));
        } else if (value instanceof JobSucceeded succeeded) {
            String uniqueKey = routes.get(succeeded.getJobId());
            context.forward(record.withKey(routingKey(succeeded.getJobId(), uniqueKey)));
            forget(succeeded.getJobId(), uniqueKey);
        } else if (value instanceof JobDeadLettered deadLettered) {
            forget(deadLettered.getJobId(), routes.get(deadLettered.getJobId()));
        } else if (value instanceof JobDuplicateDropped dropped) {
            // Only the dropped job's route: the holder of the lock has another job id.
            forget(dropped.getJobId(), routes.get(dropped.getJobId()));
        }
    }

    private String routingKey(String jobId) {
        return routingKey(jobId, routes.get(jobId));
    }

    private static String routingKey(String jobId, String uniqueKey) {
        return uniqueKey == null ? jobId : uniqueKey;
    }

    /** Deletes a route that exists: a job without one (no unique key) costs no tombstone on the changelog. */
    private void forget(String jobId, String uniqueKey) {
        if (uniqueKey != null) {
            routes.delete(jobId);
        }
    }
}
