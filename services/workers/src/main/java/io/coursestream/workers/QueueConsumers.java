package io.coursestream.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * One channel per queue topic ({@code jobs.<queue>}), each on its own worker pool so a slow queue (media) cannot
 * starve a fast one (emails); a pool's {@code max-concurrency} is the queue's concurrency. Unordered: attempts of
 * one queue run in parallel, and the throttled commit strategy commits an offset only once every record before it
 * was acknowledged, that is once its outcome is on {@code jobs.lifecycle} (at-least-once).
 *
 * <p>A consumer method's returned stage holds one of the channel's {@code max-concurrency} slots until it completes
 * (SmallRye merges the invocations with that concurrency). So each method returns once its attempt has run and its
 * outcome is sent, and the command's acknowledgement follows the broker's on its own: a slot is never held for a
 * broker round trip. With the slot held until the acknowledgement, a queue of two slots ran about 340 no-op jobs/s
 * ({@code scripts/bench jobs}); see the README's "Job runtime speed".
 */
@ApplicationScoped
public class QueueConsumers {

    private final JobRunner runner;
    private final UnacknowledgedOutcomes unacknowledged;

    @Inject
    QueueConsumers(JobRunner runner, WorkersConfig config) {
        this.runner = runner;
        this.unacknowledged = new UnacknowledgedOutcomes(config);
    }

    @Incoming("jobs-default")
    @Blocking(value = "jobs-default", ordered = false)
    public CompletionStage<Void> runDefault(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.DEFAULT, message);
    }

    @Incoming("jobs-payments")
    @Blocking(value = "jobs-payments", ordered = false)
    public CompletionStage<Void> runPayments(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.PAYMENTS, message);
    }

    @Incoming("jobs-media")
    @Blocking(value = "jobs-media", ordered = false)
    public CompletionStage<Void> runMedia(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.MEDIA, message);
    }

    @Incoming("jobs-emails")
    @Blocking(value = "jobs-emails", ordered = false)
    public CompletionStage<Void> runEmails(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.EMAILS, message);
    }

    @Incoming("jobs-backups")
    @Blocking(value = "jobs-backups", ordered = false)
    public CompletionStage<Void> runBackups(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.BACKUPS, message);
    }

    @Incoming("jobs-affiliates")
    @Blocking(value = "jobs-affiliates", ordered = false)
    public CompletionStage<Void> runAffiliates(Message<JobCommand> message) throws InterruptedException {
        return run(JobQueue.AFFILIATES, message);
    }

    /**
     * Runs the attempt on this worker thread and returns once its outcome is sent, freeing the slot: the command is
     * acknowledged later, once the broker acknowledged its outcome, and nacked (which stops the channel, see
     * failure-strategy) if the outcome cannot be written. The attempt first takes one of its queue's
     * {@code unacknowledged-outcomes} permits ({@link UnacknowledgedOutcomes}), waiting while they are all out.
     */
    private CompletionStage<Void> run(JobQueue queue, Message<JobCommand> message) throws InterruptedException {
        ConsumerRecord<String, JobCommand> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.<String, JobCommand>getRecord())
                .orElseThrow(() -> new IllegalStateException("a queue message without its Kafka record"));
        unacknowledged.take(queue);
        CompletionStage<Void> outcome;
        try {
            outcome = runner.run(queue, record);
        } catch (InterruptedException | RuntimeException | Error e) {
            unacknowledged.giveBack(queue);
            throw e;
        }
        outcome.whenComplete((written, notWritten) -> unacknowledged.giveBack(queue))
                .thenCompose(outcomeWritten -> message.ack())
                .exceptionallyCompose(notWritten -> message.nack(notWritten));
        return CompletableFuture.completedFuture(null);
    }
}
