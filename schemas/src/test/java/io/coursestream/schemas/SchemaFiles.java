package io.coursestream.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/** Reads the catalogue's {@code .avsc} files: the current ones and the released snapshots. */
final class SchemaFiles {

    static final Path CURRENT = Path.of("src/main/avro");
    static final Path SNAPSHOTS = Path.of("src/snapshots");

    private SchemaFiles() {
    }

    /** Every {@code .avsc} file under {@code root}, sorted. */
    static List<Path> list(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses every file under {@code root} together (types refer to each other across files) and returns
     * the named types by full name.
     */
    static Map<String, Schema> parseAll(Path root) {
        // SchemaParser (Avro 1.12) resolves references to types defined in files parsed later.
        SchemaParser parser = new SchemaParser();
        for (Path file : list(root)) {
            try {
                parser.parse(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Schema> types = new TreeMap<>();
        parser.getParsedNamedSchemas().forEach(schema -> types.put(schema.getFullName(), schema));
        return types;
    }
}
