package io.coursestream.topology.notifications;

import java.util.Optional;
import java.util.Set;

import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.users.NotificationPreferencesChanged;

/**
 * May a notification of one category reach a user on one channel? The question every sender (welcome mail,
 * campaign fan-out, invoice and certificate mails) asks of the user's {@link UserDirectoryEntry} before sending.
 *
 * <p>The checks, in order; the first that decides is the answer:
 * <ol>
 *   <li>No entry: refused, {@link Reason#UNKNOWN_USER}.</li>
 *   <li>A channel or category this reader does not know ({@code UNKNOWN}, a newer sender's symbol): refused,
 *   {@link Reason#UNKNOWN_CHANNEL} / {@link Reason#UNKNOWN_CATEGORY}. Not knowing whether it is marketing, sending
 *   could mail someone who never agreed to it.</li>
 *   <li>E-mail only: no address, refused {@link Reason#NO_EMAIL_ADDRESS}; the current address on the suppression
 *   list, refused {@link Reason#ADDRESS_SUPPRESSED}. This comes before the critical class on purpose: a hard-bounced
 *   mailbox does not exist and a complaining recipient has told their provider our mail is spam, so even a payment or
 *   security notice must not go there (it would not arrive, and further sends hurt the sender's reputation for every
 *   user). Suppression is about the address, not the user: in-app and webhook notices still reach them, and once they
 *   change their address, e-mail works again.</li>
 *   <li>A critical category ({@link #CRITICAL}: BILLING for payment notices, SECURITY for account notices): allowed,
 *   {@link Reason#CRITICAL_CATEGORY}, whatever the user's preferences; a user cannot opt out of being told their
 *   payment failed or their password changed. A notification the sender marks critical whatever its category (a
 *   campaign with {@code critical} set, {@link #check(UserDirectoryEntry, NotificationCategory, NotificationChannel,
 *   boolean)}) is allowed the same way, {@link Reason#CRITICAL_NOTICE}.</li>
 *   <li>An explicit choice for this category on this channel: {@link Reason#SUBSCRIBED} or
 *   {@link Reason#UNSUBSCRIBED}.</li>
 *   <li>No choice: MARKETING follows the sign-up consent on every channel ({@link Reason#SUBSCRIBED_BY_DEFAULT} with
 *   {@code marketingOptIn}, else {@link Reason#NOT_OPTED_IN}); every other category is subscribed by default.</li>
 * </ol>
 *
 * <p>ADMIN (operational alerts) is not critical: alerts go to the configured administrators, and an administrator
 * who prefers another channel may unsubscribe from one.
 *
 * @param reason why the notification may or may not be sent; {@link Reason#allows()} tells which
 */
public record NotificationPermission(Reason reason) {

    /** Categories that bypass the user's preferences (but never a suppressed address). */
    public static final Set<NotificationCategory> CRITICAL = Set.of(NotificationCategory.BILLING,
            NotificationCategory.SECURITY);

    /** Why a notification is allowed or refused. */
    public enum Reason {
        /** The user subscribed to this category on this channel. */
        SUBSCRIBED(true),
        /** The user made no choice, and the category is on by default. */
        SUBSCRIBED_BY_DEFAULT(true),
        /** A payment or security notice, sent whatever the preferences. */
        CRITICAL_CATEGORY(true),
        /** Marked critical by its sender (a critical campaign), sent whatever the preferences. */
        CRITICAL_NOTICE(true),
        /** The directory does not know the user. */
        UNKNOWN_USER(false),
        /** The category is one this reader does not know. */
        UNKNOWN_CATEGORY(false),
        /** The channel is one this reader does not know. */
        UNKNOWN_CHANNEL(false),
        /** E-mail, but the user has no address. */
        NO_EMAIL_ADDRESS(false),
        /** E-mail, but the user's current address is on the suppression list (hard bounce or complaint). */
        ADDRESS_SUPPRESSED(false),
        /** The user unsubscribed from this category on this channel. */
        UNSUBSCRIBED(false),
        /** MARKETING without a choice on this channel and without consent at sign-up. */
        NOT_OPTED_IN(false);

        private final boolean allows;

        Reason(boolean allows) {
            this.allows = allows;
        }

        public boolean allows() {
            return allows;
        }
    }

    public NotificationPermission {
        if (reason == null) {
            throw new IllegalArgumentException("a permission needs a reason");
        }
    }

    /** True when the notification may be sent. */
    public boolean allowed() {
        return reason.allows();
    }

    /**
     * The answer for one notification.
     *
     * @param entry    the user's directory entry; null when the directory does not know the user
     * @param category what the notification is about
     * @param channel  how it would be delivered
     */
    public static NotificationPermission check(UserDirectoryEntry entry, NotificationCategory category,
            NotificationChannel channel) {
        return check(entry, category, channel, false);
    }

    /**
     * The answer for one notification that its sender may mark critical.
     *
     * @param entry    the user's directory entry; null when the directory does not know the user
     * @param category what the notification is about
     * @param channel  how it would be delivered
     * @param critical true when the sender marks it critical whatever its category (a campaign's payment or security
     *                 notice): it bypasses the preferences like a critical category, never a suppressed address
     */
    public static NotificationPermission check(UserDirectoryEntry entry, NotificationCategory category,
            NotificationChannel channel, boolean critical) {
        if (entry == null) {
            return of(Reason.UNKNOWN_USER);
        }
        if (channel == null || channel == NotificationChannel.UNKNOWN) {
            return of(Reason.UNKNOWN_CHANNEL);
        }
        if (category == null || category == NotificationCategory.UNKNOWN) {
            return of(Reason.UNKNOWN_CATEGORY);
        }
        if (channel == NotificationChannel.EMAIL) {
            if (entry.getEmail() == null || entry.getEmail().isBlank()) {
                return of(Reason.NO_EMAIL_ADDRESS);
            }
            if (UserDirectoryFold.suppressionOf(entry, entry.getEmail()).isPresent()) {
                return of(Reason.ADDRESS_SUPPRESSED);
            }
        }
        if (CRITICAL.contains(category)) {
            return of(Reason.CRITICAL_CATEGORY);
        }
        if (critical) {
            return of(Reason.CRITICAL_NOTICE);
        }
        Optional<NotificationPreferencesChanged> choice = UserDirectoryFold.preference(entry, category, channel);
        if (choice.isPresent()) {
            return of(choice.get().getSubscribed() ? Reason.SUBSCRIBED : Reason.UNSUBSCRIBED);
        }
        if (category == NotificationCategory.MARKETING && !entry.getMarketingOptIn()) {
            return of(Reason.NOT_OPTED_IN);
        }
        return of(Reason.SUBSCRIBED_BY_DEFAULT);
    }

    private static NotificationPermission of(Reason reason) {
        return new NotificationPermission(reason);
    }
}
