package io.coursestream.topology.payments;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.ProcessPayment;

/**
 * Which transaction a ProcessPayment job is about, keyed by job id like the scheduler's streams it reads
 * ({@value PaymentTopology#JOB_INDEX_STORE}): a JobDeadLettered names only its job, and a job id is a one-way hash of
 * the transaction id. A request (also an operator's retry of a dead-lettered job) adds the job; its success or dead
 * letter removes it, so the index holds only the jobs in flight. A dead letter is forwarded keyed by its transaction
 * id, to be repartitioned to the transaction's task.
 */
final class PaymentJobIndex implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentJobIndex.class);

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> jobs;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(PaymentTopology.JOB_INDEX_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof JobCommand command && command.getPayload() instanceof ProcessPayment payment) {
            if (!payment.getTransactionId().equals(jobs.get(command.getJobId()))) {
                jobs.put(command.getJobId(), payment.getTransactionId());
            }
        } else if (record.value() instanceof JobSucceeded succeeded) {
            if (jobs.get(succeeded.getJobId()) != null) {
                jobs.delete(succeeded.getJobId());
            }
        } else if (record.value() instanceof JobDeadLettered deadLettered) {
            String transactionId = jobs.get(deadLettered.getJobId());
            if (transactionId == null) {
                LOG.warn("Dead-lettered ProcessPayment job {} is not in the index (ended before, or never requested"
                        + " here): its transaction is not failed by it", deadLettered.getJobId());
                return;
            }
            jobs.delete(deadLettered.getJobId());
            context.forward(record.withKey(transactionId));
        }
    }
}
