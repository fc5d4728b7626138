package io.coursestream.processor.streams;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.coursestream.processor.affiliates.AffiliatesConfig;
import io.coursestream.processor.jobs.JobPoliciesConfig;
import io.coursestream.processor.learning.LearningConfig;
import io.coursestream.processor.notifications.NotificationsConfig;
import io.coursestream.processor.onboarding.OnboardingConfig;
import io.coursestream.processor.payments.PaymentsConfig;
import io.coursestream.processor.points.PointsConfig;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.topology.ProcessorSettings;
import io.coursestream.topology.StreamProcessorTopology;

/**
 * Hands the stream processor's topology to quarkus-kafka-streams, which runs it with the {@code kafka-streams.*}
 * settings of application.properties. Input events are decoded through the schema registry at
 * {@code apicurio.registry.url}.
 */
@ApplicationScoped
public class TopologyProducer {

    private final String registryUrl;
    private final JobPoliciesConfig jobs;
    private final PointsConfig points;
    private final OnboardingConfig onboarding;
    private final NotificationsConfig notifications;
    private final AffiliatesConfig affiliates;
    private final PaymentsConfig payments;
    private final LearningConfig learning;
    private Serde<SpecificRecord> events;

    TopologyProducer(@ConfigProperty(name = "apicurio.registry.url") String registryUrl, JobPoliciesConfig jobs,
            PointsConfig points, OnboardingConfig onboarding, NotificationsConfig notifications,
            AffiliatesConfig affiliates, PaymentsConfig payments, LearningConfig learning) {
        this.registryUrl = registryUrl;
        this.jobs = jobs;
        this.points = points;
        this.onboarding = onboarding;
        this.notifications = notifications;
        this.affiliates = affiliates;
        this.payments = payments;
        this.learning = learning;
    }

    @PostConstruct
    void connectToRegistry() {
        events = AvroSerdes.forRegistry(registryUrl).specificRecordSerde(false);
    }

    /** One instance: Quarkus asks for the topology both to run it and to find the topics to wait for. */
    @Produces
    @Singleton
    Topology topology() {
        return StreamProcessorTopology.build(events, new ProcessorSettings(jobs.policies(), points.settings(),
                onboarding.settings(), notifications.settings(), affiliates.settings(), payments.settings(),
                learning.settings()));
    }

    @PreDestroy
    void close() {
        events.close();
    }
}
