package io.coursestream.topology.notifications;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The user directory: per user, what notifications need (address, name, locale and time zone, country, preferences
 * per category and channel, suppressed addresses), for the senders to address a user and to ask
 * {@link NotificationPermission} whether a notification may reach them.
 *
 * <p>Inputs: the valid events of {@code users.user-events} (UserRegistered, UserProfileUpdated,
 * NotificationPreferencesChanged), the unsubscribes of {@code notifications.preference-changes} (written by the
 * processor's unsubscribe endpoint once it verified a signed link; {@value #UNSUBSCRIBES}) and, when the caller passes {@code notifications.notification-events}, its
 * {@link NotificationBounced} reports that name their user ({@value #BOUNCES}). Outputs: no topic, only the store
 * {@value #STORE} (user id to {@link UserDirectoryEntry}) and its changelog. The rules are {@link UserDirectoryFold}'s.
 *
 * <p>{@code notifications.notification-events} is written by the workers and no part of the processor reads it yet;
 * a topology reads a topic through one source node, so whoever adds that source passes the stream in
 * ({@link #build(StreamsBuilder, ValidatedInputs, KStream, Serde)}) rather than this class reading it. Bounces are
 * keyed by user id like the user events, and every keyed topic has the same partition count, so they meet a user's
 * entry in its task without a repartition. A bounce keyed by the address (its user unknown) cannot be placed and is
 * left out. Adding the bounce feed later keeps the store: its name does not depend on the nodes before it.
 *
 * <p>Named state: {@value #STORE}. Nodes: {@code notifications-*}.
 */
public final class UserDirectory {

    /** User id to {@link UserDirectoryEntry}. */
    public static final String STORE = "notifications-user-directory-store";
    public static final String PROCESSOR = "notifications-user-directory";
    public static final String BOUNCES = "notifications-user-bounces";
    public static final String MERGE_BOUNCES = "notifications-user-directory-merge-bounces";
    public static final String UNSUBSCRIBES = "notifications-preference-changes";
    public static final String MERGE_UNSUBSCRIBES = "notifications-user-directory-merge-preference-changes";

    private UserDirectory() {
    }

    /**
     * Adds the user directory over {@code users.user-events} alone (no suppression from bounces yet).
     *
     * @param events serde of every Avro record read and written; the store's values are encoded with it
     */
    public static void build(StreamsBuilder builder, ValidatedInputs inputs, Serde<SpecificRecord> events) {
        addStore(builder, events);
        fold(inputs.stream(Topics.USER_EVENTS).merge(unsubscribes(builder, events), Named.as(MERGE_UNSUBSCRIBES)));
    }

    /**
     * Adds the user directory over {@code users.user-events} and the bounce reports of {@code notificationEvents}.
     *
     * @param notificationEvents {@code notifications.notification-events} as read, keyed by user id (the builder
     *                           reads a topic through one source only); events other than NotificationBounced are
     *                           ignored
     * @param events             as {@link #build(StreamsBuilder, ValidatedInputs, Serde)}
     */
    public static void build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> notificationEvents, Serde<SpecificRecord> events) {
        addStore(builder, events);
        KStream<String, SpecificRecord> bounces = notificationEvents.filter(
                (userId, event) -> event instanceof NotificationBounced bounced && bounced.getUserId() != null
                        && bounced.getUserId().equals(userId),
                Named.as(BOUNCES));
        fold(inputs.stream(Topics.USER_EVENTS).merge(unsubscribes(builder, events), Named.as(MERGE_UNSUBSCRIBES))
                .merge(bounces, Named.as(MERGE_BOUNCES)));
    }

    /** The unsubscribes our endpoint verified, from the topic only it writes, about the user they are keyed by. */
    private static KStream<String, SpecificRecord> unsubscribes(StreamsBuilder builder, Serde<SpecificRecord> events) {
        return builder.stream(Topics.PREFERENCE_CHANGES.name(),
                        Consumed.with(Serdes.String(), events).withName(UNSUBSCRIBES + "-source"))
                .filter((userId, event) -> event instanceof NotificationPreferencesChanged changed
                        && changed.getUserId().equals(userId), Named.as(UNSUBSCRIBES));
    }

    private static void addStore(StreamsBuilder builder, Serde<SpecificRecord> events) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                AvroSerdes.<UserDirectoryEntry>typed(events)));
    }

    private static void fold(KStream<String, SpecificRecord> userEvents) {
        userEvents.process(Fold::new, Named.as(PROCESSOR), STORE);
    }

    /** One user's events into their entry; an event that changes nothing writes nothing. */
    private static final class Fold implements Processor<String, SpecificRecord, Void, Void> {

        private KeyValueStore<String, UserDirectoryEntry> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            UserDirectoryEntry current = store.get(record.key());
            UserDirectoryEntry next = UserDirectoryFold.apply(current, record.value());
            if (next != current) {
                store.put(record.key(), next);
            }
        }
    }
}
