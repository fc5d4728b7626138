package io.coursestream.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;

/**
 * An SMTP server inside this JVM (GreenMail) on 127.0.0.1 that accepts every message without authentication and
 * keeps it.
 *
 * <p>How a person sees the captured mail of the local stack:
 * <ul>
 *   <li>every delivered message is written as an RFC 822 file {@code <mailDir>/<time>-<n>-<recipient>.eml}
 *       ({@code .stack/mail/} for the local stack); any mail client opens it, {@code less} shows it;</li>
 *   <li>the same messages are in IMAP mailboxes on 127.0.0.1 ({@link #imapPort()}): log in with the recipient's
 *       address as user name and any password (authentication is disabled, users are created on first delivery).</li>
 * </ul>
 * Tests use {@link #greenMail()} directly ({@code waitForIncomingEmail}, {@code getReceivedMessages}).
 */
public final class SmtpServer implements StackComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final GreenMail greenMail;
    private final Path mailDir;

    private SmtpServer(GreenMail greenMail, Path mailDir) {
        this.greenMail = greenMail;
        this.mailDir = mailDir;
    }

    /** SMTP only, on a port the OS picks: for tests. */
    public static SmtpServer forTests() {
        return start(0, -1, null);
    }

    /**
     * Starts GreenMail on 127.0.0.1.
     *
     * @param smtpPort the SMTP port; 0 lets the OS pick one
     * @param imapPort the IMAP port; 0 lets the OS pick one, a negative value starts no IMAP server
     * @param mailDir  where each delivered message is also written as an {@code .eml} file; {@code null} for none
     */
    public static SmtpServer start(int smtpPort, int imapPort, Path mailDir) {
        List<ServerSetup> setups = new ArrayList<>();
        setups.add(setup(smtpPort, ServerSetup.PROTOCOL_SMTP));
        if (imapPort >= 0) {
            setups.add(setup(imapPort, ServerSetup.PROTOCOL_IMAP));
        }
        GreenMail greenMail = new GreenMail(setups.toArray(ServerSetup[]::new))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        if (mailDir != null) {
            try {
                Files.createDirectories(mailDir);
            } catch (IOException e) {
                greenMail.stop();
                throw new IllegalStateException("cannot create " + mailDir, e);
            }
            var users = greenMail.getUserManager();
            users.setMessageDeliveryHandler(new WritingToFiles(users.getMessageDeliveryHandler(), mailDir));
        }
        SmtpServer server = new SmtpServer(greenMail, mailDir);
        LOG.info("SMTP on {}:{}{}", LoopbackPorts.HOST, server.port(),
                server.imapPort().isPresent() ? ", IMAP on port " + server.imapPort().getAsInt() : "");
        return server;
    }

    private static ServerSetup setup(int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, LoopbackPorts.HOST, protocol);
        return port == 0 ? setup.dynamicPort() : setup;
    }

    /** The GreenMail instance, for assertions on received mail. */
    public GreenMail greenMail() {
        return greenMail;
    }

    public String host() {
        return LoopbackPorts.HOST;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public OptionalInt imapPort() {
        return greenMail.getImap() == null ? OptionalInt.empty() : OptionalInt.of(greenMail.getImap().getPort());
    }

    /** Where delivered messages are written as files, or {@code null}. */
    public Path mailDir() {
        return mailDir;
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** Delivers as GreenMail does, and also writes one {@code .eml} file per recipient. */
    private static final class WritingToFiles implements MessageDeliveryHandler {

        private final MessageDeliveryHandler delegate;
        private final Path mailDir;
        private final AtomicLong sequence = new AtomicLong();

        WritingToFiles(MessageDeliveryHandler delegate, Path mailDir) {
            this.delegate = delegate;
            this.mailDir = mailDir;
        }

        @Override
        public GreenMailUser handle(MovingMessage message, MailAddress recipient)
                throws MessagingException, com.icegreen.greenmail.user.UserException {
            GreenMailUser user = delegate.handle(message, recipient);
            String fileName = FILE_TIME.format(LocalDateTime.now()) + "-" + sequence.incrementAndGet() + "-"
                    + recipient.getEmail().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._-]", "_") + ".eml";
            Path file = mailDir.resolve(fileName);
            try (OutputStream out = Files.newOutputStream(file)) {
                message.getMessage().writeTo(out);
            } catch (IOException e) {
                // Losing the file copy must not bounce the mail: it is still in the mailbox.
                LOG.warn("cannot write {}", file, e);
            }
            return user;
        }
    }
}
