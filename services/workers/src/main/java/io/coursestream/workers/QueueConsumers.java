package io.coursestream.workers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * One channel per queue topic ({@code jobs.<queue>}), each on its own worker pool so a slow queue (media) cannot
 * starve a fast one (emails); a pool's {@code max-concurrency} is the queue's concurrency. Unordered: attempts of
 * one queue run in parallel, and the throttled commit strategy commits an offset only once every record before it
 * was acknowledged, that is once its report is on {@code jobs.lifecycle} (at-least-once).
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
    public void runDefault(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.DEFAULT, record);
    }

    @Incoming("jobs-payments")
    @Blocking(value = "jobs-payments", ordered = false)
    public void runPayments(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.PAYMENTS, record);
    }

    @Incoming("jobs-media")
    @Blocking(value = "jobs-media", ordered = false)
    public void runMedia(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.MEDIA, record);
    }

    @Incoming("jobs-emails")
    @Blocking(value = "jobs-emails", ordered = false)
    public void runEmails(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.EMAILS, record);
    }

    @Incoming("jobs-backups")
    @Blocking(value = "jobs-backups", ordered = false)
    public void runBackups(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.BACKUPS, record);
    }

    @Incoming("jobs-affiliates")
    @Blocking(value = "jobs-affiliates", ordered = false)
    public void runAffiliates(ConsumerRecord<String, JobCommand> record) throws InterruptedException {
        runner.run(JobQueue.AFFILIATES, record);
    }
}
