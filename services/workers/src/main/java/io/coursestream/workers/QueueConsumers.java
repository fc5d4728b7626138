package io.coursestream.workers;

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
 * was acknowledged, that is once its outcome is on {@code jobs.lifecycle} (at-least-once). A worker thread runs one
 * attempt at a time and does not wait for its outcome's acknowledgement.
 */
@ApplicationScoped
public class QueueConsumers {

    private final JobRunner runner;

    @Inject
    QueueConsumers(JobRunner runner) {
        this.runner = runner;
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
     * Runs the attempt on this worker thread, then lets the thread go: the command is acknowledged once its outcome
     * is acknowledged by the broker, and nacked (which stops the channel, see failure-strategy) if it cannot be
     * written.
     */
    private CompletionStage<Void> run(JobQueue queue, Message<JobCommand> message) throws InterruptedException {
        ConsumerRecord<String, JobCommand> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.<String, JobCommand>getRecord())
                .orElseThrow(() -> new IllegalStateException("a queue message without its Kafka record"));
        return runner.run(queue, record)
                .thenCompose(outcomeWritten -> message.ack())
                .exceptionallyCompose(notWritten -> message.nack(notWritten));
    }
}
