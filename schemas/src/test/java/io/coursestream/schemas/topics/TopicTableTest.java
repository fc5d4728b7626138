// Tier: unit (the README's topic table is generated from the catalogue and must match it).
package io.coursestream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TopicTableTest {

    @Test
    void shouldMatchTheTableInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(TopicTable.extractFrom(readme))
                .as("README topic table is stale: run scripts/topic-table")
                .isEqualTo(TopicTable.markdown());
    }

    @Test
    void shouldListEveryTopicWithItsWriter() {
        String table = TopicTable.markdown();

        assertThat(table.lines().count()).isEqualTo(Topics.all().size() + 2);
        assertThat(table).contains("| `users.user-events` | String | UserRegistered, UserProfileUpdated, "
                + "NotificationPreferencesChanged, PayoutAccountLinked | upstream services (demo-traffic locally) | 6 | delete"
                + " | forever |");
    }
}
