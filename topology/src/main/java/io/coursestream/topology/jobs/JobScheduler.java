package io.coursestream.topology.jobs;

import java.time.Duration;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.topics.Topics;

/**
 * The job scheduler: turns job requests into commands on the six queue topics, holds delayed jobs until
 * {@code notBefore}, schedules retries after the queue's backoff ({@link QueuePolicies}), dead-letters what cannot
 * succeed and keeps {@code uniqueKey} locks from request to terminal outcome.
 *
 * <p>Inputs: two streams of job requests (job commands): the operators' ({@code EnqueueJob} and retried failed jobs,
 * read from topics of the scheduler's own sub-topology) and the other contexts' (welcome mails, payments,
 * certificates, ...), from {@link Topics#JOB_REQUESTS}; {@link Topics#JOB_LIFECYCLE}, with the
 * {@code JobDispatched} of each job its requester put straight on its queue ({@link JobDispatch}: a job without a
 * unique key or a delay, which the scheduler takes up without sending it again), and {@link Topics#JOB_SCHEDULING}
 * read back for the jobs it ended. Outputs: the queue topics {@code jobs.<queue>}
 * ({@link Topics#jobQueues()}), {@link Topics#JOB_SCHEDULING}, {@link Topics#JOB_DEAD_LETTER} and
 * {@link Topics#ADMIN_ALERTS}.
 *
 * <p>Sub-topologies: the contexts hand their requests over on {@link Topics#JOB_REQUESTS}, keyed by job id
 * ({@link #request}), so the job runtime is a sub-topology of its own: its tasks read the job topics,
 * {@code control.commands} and its repartition topics, not every topic of the contexts that request jobs. Kafka
 * Streams walks all of a task's partitions before each record it processes ({@code PartitionGroup.readyToProcess}),
 * and a sub-topology's tasks are its unit of parallelism; inside the contexts' sub-topology each job record paid a
 * walk over 39 partitions. A topic of the catalogue rather than a repartition topic (until stop 23,
 * {@code jobs-requests-by-job-id-repartition}): one application writes it and any may read it, so the job runtime
 * could run as an application of its own. The operators' requests, read in this sub-topology, cross their repartition
 * topic ({@value #OPERATOR_REQUESTS_BY_JOB_ID}) only when they are not in the task of their job id (see below).
 *
 * <p>Partitioning: a unique job's lock (keyed by unique key) and its state (keyed by job id) must live in one task,
 * or two jobs with one unique key on different partitions could both take it. So everything about a job is routed
 * by one routing key, its unique key if it has one, else its job id: the router ({@value #ROUTE_STORE}, job id to
 * unique key, since worker reports carry only the job id) reads requests (first moved to the task of their job id,
 * to be co-partitioned with {@code jobs.lifecycle}) and worker reports and repartitions them by routing key
 * ({@value #JOBS_BY_ROUTING_KEY}) to the scheduler. Lock and job then change in the same task and the same
 * transaction, so a lock is released exactly when its job ends and cannot leak. The repartition topics get the
 * catalogue's partition count, whatever the requests' source had. The operators' requests and the routing move only
 * the records whose key belongs to another task ({@link TaskOfKey}): a request written keyed by its job id (as the
 * admin CLI and API write {@code EnqueueJob}) and a job without a unique key reach the scheduler in the task that
 * read them, one transaction away from their queue.
 *
 * <p>Named state of the scheduler: {@value #LOCK_STORE} (unique key to holding job id), {@value #JOB_STORE} (job id
 * to the command of its current attempt, from request to terminal outcome) and {@value #DUE_STORE} (due time and job
 * id of the jobs waiting for {@code notBefore}), scanned by a wall-clock punctuator, and {@value #WAITING_STORE}
 * (queue, due time and job id of the attempts sent to a queue and not started yet), whose oldest entry per queue the
 * same punctuator compares with the queue's long-wait threshold ({@link QueuePolicies#longWait}).
 */
public final class JobScheduler {

    public static final String ROUTE_STORE = "jobs-route-store";
    public static final String LOCK_STORE = "jobs-unique-lock-store";
    public static final String JOB_STORE = "jobs-scheduled-store";
    public static final String DUE_STORE = "jobs-due-store";
    public static final String WAITING_STORE = "jobs-waiting-store";
    public static final String OPERATOR_REQUESTS_BY_JOB_ID = "jobs-operator-requests-by-job-id";
    public static final String JOBS_BY_ROUTING_KEY = "jobs-by-routing-key";

    /** How often due jobs are released; a delayed job starts at most this late. */
    public static final Duration PUNCTUATION_INTERVAL = Duration.ofSeconds(1);

    private JobScheduler() {
    }

    /**
     * The streams the scheduler sources, for other parts of the jobs context to reuse: a topology may read a topic
     * through one source node only.
     *
     * @param requests   job requests re-keyed by job id (co-partitioned with the two topics)
     * @param lifecycle  {@link Topics#JOB_LIFECYCLE} as read
     * @param scheduling {@link Topics#JOB_SCHEDULING} as read, unfiltered
     */
    public record JobStreams(KStream<String, SpecificRecord> requests, KStream<String, SpecificRecord> lifecycle,
            KStream<String, SpecificRecord> scheduling) {
    }

    /**
     * The scheduler over one stream of requests, taken as the operators' (moved only when not in the task of their
     * job id): for a topology whose requests all come from one place.
     */
    public static JobStreams build(StreamsBuilder builder, KStream<String, JobCommand> requests, QueuePolicies policies,
            Serde<JobCommand> commands, Serde<SpecificRecord> events) {
        return add(builder, requests, null, policies, commands, events);
    }

    /**
     * Hands the contexts' jobs to the job runtime, keyed by job id. A job with nothing to hold for
     * ({@link JobDispatch#isDirect}) is dispatched: its command, its tries resolved by {@code policies}, goes straight
     * to its queue topic and its {@code JobDispatched} to {@link Topics#JOB_LIFECYCLE}, in the contexts' transaction,
     * so it reaches a worker one transaction sooner. Any other job is requested on {@link Topics#JOB_REQUESTS}, which
     * {@link #buildWithRequestsTopic} reads. Keyed so, either lands on the partition of its job id, where the workers'
     * reports on {@code jobs.lifecycle} land too.
     *
     * @param commands serde of {@link Topics#JOB_REQUESTS} and the queue topics
     * @param events   serde of {@code jobs.lifecycle}
     */
    public static void request(KStream<String, JobCommand> contextRequests, QueuePolicies policies,
            Serde<JobCommand> commands, Serde<SpecificRecord> events) {
        Serde<String> keys = Serdes.String();
        Map<String, KStream<String, JobCommand>> paths = contextRequests
                .selectKey((key, command) -> command.getJobId(), Named.as("jobs-requests-key-by-job-id"))
                .split(Named.as("jobs-requests-"))
                .branch((jobId, command) -> JobDispatch.isDirect(command) && policies.knows(command.getQueue()),
                        Branched.as("dispatched"))
                .defaultBranch(Branched.as("held"));
        paths.get("jobs-requests-held")
                .to(Topics.JOB_REQUESTS.name(), Produced.with(keys, commands).withName("jobs-requests-sink"));
        KStream<String, JobCommand> dispatched = paths.get("jobs-requests-dispatched")
                .mapValues(policies::withTries, Named.as("jobs-dispatch-tries"));
        dispatched.to((jobId, command, context) -> JobDispatch.queueTopic(command),
                Produced.with(keys, commands).withName("jobs-dispatch-queue-sink"));
        dispatched
                .mapValues(command -> (SpecificRecord) JobDispatch.dispatched(command, JobEvents.PRODUCER, null),
                        Named.as("jobs-dispatch-events"))
                .to(Topics.JOB_LIFECYCLE.name(), Produced.with(keys, events).withName("jobs-dispatch-lifecycle-sink"));
    }

    /**
     * Adds the scheduler to {@code builder}, taking the contexts' requests from {@link Topics#JOB_REQUESTS} (see
     * {@link #request}) and the operators' from {@code operatorRequests}.
     *
     * @param operatorRequests job commands from the operators (attempt 1 for a new job), read in the scheduler's
     *                         sub-topology: they move only when not in the task of their job id
     * @param commands         serde of the queue topics, the job store, {@link Topics#JOB_REQUESTS} and the
     *                         operators' requests' repartition topic
     * @param events           serde of {@code jobs.lifecycle}, {@code jobs.scheduling}, the dead letters, the alerts
     *                         and the routing repartition topic (which carries commands and worker reports)
     * @return the streams it sources, for reuse
     */
    public static JobStreams buildWithRequestsTopic(StreamsBuilder builder,
            KStream<String, JobCommand> operatorRequests, QueuePolicies policies, Serde<JobCommand> commands,
            Serde<SpecificRecord> events) {
        KStream<String, JobCommand> contextRequests = builder.stream(Topics.JOB_REQUESTS.name(),
                Consumed.with(Serdes.String(), commands).withName("jobs-requests-source"));
        return add(builder, operatorRequests, contextRequests, policies, commands, events);
    }

    /** The scheduler; {@code contextRequests} (keyed by job id) null when all requests are the operators'. */
    private static JobStreams add(StreamsBuilder builder, KStream<String, JobCommand> operatorRequests,
            KStream<String, JobCommand> contextRequests, QueuePolicies policies, Serde<JobCommand> commands,
            Serde<SpecificRecord> events) {
        Serde<String> keys = Serdes.String();
        int partitions = Topics.JOB_LIFECYCLE.partitions();

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROUTE_STORE), keys, keys));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCK_STORE), keys, keys));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOB_STORE), keys, commands));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE), keys, keys));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING_STORE), keys, keys));

        KStream<String, JobCommand> requests = TaskOfKey.route(operatorRequests
                .selectKey((key, command) -> command.getJobId(), Named.as("jobs-operator-requests-key-by-job-id")),
                OPERATOR_REQUESTS_BY_JOB_ID, commands, partitions);
        if (contextRequests != null) {
            requests = requests.merge(contextRequests, Named.as("jobs-requests-merge-contexts"));
        }
        KStream<String, SpecificRecord> jobRequests = requests
                .mapValues(command -> (SpecificRecord) command, Named.as("jobs-requests-as-records"));
        KStream<String, SpecificRecord> workerReports = builder.stream(Topics.JOB_LIFECYCLE.name(),
                Consumed.with(keys, events).withName("jobs-lifecycle-source"));
        KStream<String, SpecificRecord> schedulingEvents = builder
                .stream(Topics.JOB_SCHEDULING.name(), Consumed.with(keys, events).withName("jobs-scheduling-source"));
        KStream<String, SpecificRecord> endedJobs = schedulingEvents
                .filter((jobId, event) -> event instanceof JobDeadLettered || event instanceof JobDuplicateDropped,
                        Named.as("jobs-scheduling-ended"));

        KStream<String, SpecificRecord> routed = jobRequests
                .merge(workerReports, Named.as("jobs-router-merge-reports"))
                .merge(endedJobs, Named.as("jobs-router-merge-ended"))
                .process(() -> new JobRouter(ROUTE_STORE), Named.as("jobs-router"), ROUTE_STORE);
        Map<String, KStream<String, Routed>> outputs = TaskOfKey.route(routed, JOBS_BY_ROUTING_KEY, events, partitions)
                .process(() -> new JobSchedulingProcessor(policies, LOCK_STORE, JOB_STORE, DUE_STORE, WAITING_STORE,
                        PUNCTUATION_INTERVAL), Named.as("jobs-scheduler"),
                        LOCK_STORE, JOB_STORE, DUE_STORE, WAITING_STORE)
                .split(Named.as("jobs-scheduler-"))
                .branch((key, out) -> out.goesTo(Routed.Route.QUEUE), Branched.as("queue"))
                .branch((key, out) -> out.goesTo(Routed.Route.DEAD_LETTER), Branched.as("dead-letter"))
                .branch((key, out) -> out.goesTo(Routed.Route.ALERT), Branched.as("alert"))
                .defaultBranch(Branched.as("scheduling"));

        outputs.get("jobs-scheduler-queue")
                .mapValues(out -> (JobCommand) out.value(), Named.as("jobs-scheduler-commands"))
                .to((jobId, command, context) -> JobEvents.queueTopic(command).name(),
                        Produced.with(keys, commands).withName("jobs-queue-sink"));
        outputs.get("jobs-scheduler-dead-letter")
                .mapValues(out -> (SpecificRecord) (DeadLetteredJob) out.value(), Named.as("jobs-scheduler-dead-letters"))
                .to(Topics.JOB_DEAD_LETTER.name(), Produced.with(keys, events).withName("jobs-dead-letter-sink"));
        outputs.get("jobs-scheduler-alert")
                .mapValues(Routed::value, Named.as("jobs-scheduler-alerts"))
                .to(Topics.ADMIN_ALERTS.name(), Produced.with(keys, events).withName("jobs-alert-sink"));
        outputs.get("jobs-scheduler-scheduling")
                .mapValues(Routed::value, Named.as("jobs-scheduler-events"))
                .to(Topics.JOB_SCHEDULING.name(), Produced.with(keys, events).withName("jobs-scheduling-sink"));
        return new JobStreams(jobRequests, workerReports, schedulingEvents);
    }
}
