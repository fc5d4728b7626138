package io.coursestream.infrastructure.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one storage destination is and how to write to it. Several destinations (a primary bucket, a backup on
 * another server) are several instances, read with {@link #fromProperties(Map, String)} under their own prefixes.
 *
 * <p>The property keys under {@value #DEFAULT_PREFIX} are the project's contract: {@code endpoint} (empty or absent
 * for AWS itself), {@code region}, {@code access-key}, {@code secret-key}, {@code bucket}; optional
 * {@code path-style} (default true), {@code multipart-threshold} (default 16MiB), {@code multipart-part-size}
 * (default 8MiB, at least 5MiB) and {@code list-page-size} (default 1000). Secrets come from the environment,
 * never from a file in the repository; {@link #toString()} masks the secret key.
 *
 * @param endpoint           the S3-compatible server, {@code null} for AWS (the SDK derives it from the region)
 * @param region             the signing region, also used for the bucket's location constraint on AWS
 * @param accessKey          the static access key id
 * @param secretKey          the static secret access key
 * @param bucket             the bucket this destination reads and writes
 * @param pathStyle          {@code true} for {@code http://host/bucket/key} (S3-compatible servers),
 *                           {@code false} for virtual-hosted {@code http://bucket.host/key}
 * @param multipartThreshold objects larger than this many bytes are sent as a multipart upload
 * @param partSize           bytes per multipart part, held in memory while a part is sent
 * @param listPageSize       keys per ListObjectsV2 request (S3 returns at most 1000)
 */
public record StorageSettings(
        URI endpoint,
        String region,
        String accessKey,
        String secretKey,
        String bucket,
        boolean pathStyle,
        long multipartThreshold,
        long partSize,
        int listPageSize) {

    public static final String DEFAULT_PREFIX = "coursestream.storage";

    public static final long MIB = 1024L * 1024L;
    /** S3 rejects smaller parts except the last one. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** Parts are buffered in a byte array; S3 itself allows 5 GiB. */
    public static final long MAX_PART_SIZE = 1024 * MIB;
    /** S3's limit for an object sent in one PUT. */
    public static final long MAX_MULTIPART_THRESHOLD = 5 * 1024 * MIB;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16 * MIB;
    public static final long DEFAULT_PART_SIZE = 8 * MIB;
    public static final int MAX_LIST_PAGE_SIZE = 1000;
    public static final int DEFAULT_LIST_PAGE_SIZE = MAX_LIST_PAGE_SIZE;

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)");

    public StorageSettings {
        List<String> problems = new ArrayList<>();
        if (endpoint != null) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
                problems.add("endpoint must be an absolute http(s) URI with a host: " + endpoint);
            }
        }
        if (isBlank(region)) {
            problems.add("region is required");
        } else if (!region.equals(region.strip()) || region.chars().anyMatch(Character::isWhitespace)) {
            problems.add("region must not contain whitespace: '" + region + "'");
        }
        if (isBlank(accessKey)) {
            problems.add("access key is required");
        }
        if (isBlank(secretKey)) {
            problems.add("secret key is required");
        }
        if (isBlank(bucket)) {
            problems.add("bucket is required");
        } else if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            problems.add("bucket must be 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a"
                    + " letter or digit: '" + bucket + "'");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            problems.add("part size must be between " + MIN_PART_SIZE + " (5MiB) and " + MAX_PART_SIZE
                    + " (1GiB) bytes: " + partSize);
        }
        if (multipartThreshold < partSize) {
            problems.add("multipart threshold (" + multipartThreshold + ") must be at least the part size ("
                    + partSize + "), or uploads just above it would have a single part");
        }
        if (multipartThreshold > MAX_MULTIPART_THRESHOLD) {
            problems.add("multipart threshold must be at most " + MAX_MULTIPART_THRESHOLD
                    + " (5GiB, S3's limit for a single PUT): " + multipartThreshold);
        }
        if (listPageSize < 1 || listPageSize > MAX_LIST_PAGE_SIZE) {
            problems.add("list page size must be between 1 and " + MAX_LIST_PAGE_SIZE + ": " + listPageSize);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid storage settings: " + String.join("; ", problems));
        }
    }

    /** Settings with path-style access and the default multipart and listing sizes. */
    public static StorageSettings of(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
        return new StorageSettings(endpoint, region, accessKey, secretKey, bucket, true,
                DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, DEFAULT_LIST_PAGE_SIZE);
    }

    /** Reads the keys under {@value #DEFAULT_PREFIX}. */
    public static StorageSettings fromProperties(Map<String, String> properties) {
        return fromProperties(properties, DEFAULT_PREFIX);
    }

    /**
     * Reads {@code <prefix>.endpoint}, {@code <prefix>.region} and the other keys listed on the class.
     *
     * @throws IllegalArgumentException naming every missing or malformed key at once
     */
    public static StorageSettings fromProperties(Map<String, String> properties, String prefix) {
        PropertyReader reader = new PropertyReader(properties, prefix);
        URI endpoint = reader.uri("endpoint");
        String region = reader.required("region");
        String accessKey = reader.required("access-key");
        String secretKey = reader.required("secret-key");
        String bucket = reader.required("bucket");
        boolean pathStyle = reader.bool("path-style", true);
        long threshold = reader.size("multipart-threshold", DEFAULT_MULTIPART_THRESHOLD);
        long partSize = reader.size("multipart-part-size", DEFAULT_PART_SIZE);
        int pageSize = reader.integer("list-page-size", DEFAULT_LIST_PAGE_SIZE);
        reader.failOnProblems();
        return new StorageSettings(endpoint, region, accessKey, secretKey, bucket, pathStyle, threshold, partSize,
                pageSize);
    }

    /** The same destination server with another bucket. */
    public StorageSettings withBucket(String otherBucket) {
        return new StorageSettings(endpoint, region, accessKey, secretKey, otherBucket, pathStyle,
                multipartThreshold, partSize, listPageSize);
    }

    public StorageSettings withMultipart(long threshold, long bytesPerPart) {
        return new StorageSettings(endpoint, region, accessKey, secretKey, bucket, pathStyle, threshold,
                bytesPerPart, listPageSize);
    }

    public StorageSettings withListPageSize(int keysPerPage) {
        return new StorageSettings(endpoint, region, accessKey, secretKey, bucket, pathStyle, multipartThreshold,
                partSize, keysPerPage);
    }

    /** Never prints the secret key: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + (endpoint == null ? "(AWS)" : endpoint) + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=****, bucket=" + bucket + ", pathStyle=" + pathStyle
                + ", multipartThreshold=" + multipartThreshold + ", partSize=" + partSize
                + ", listPageSize=" + listPageSize + "]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Reads one prefix's keys and collects every problem, so a misconfigured deployment fails once, fully. */
    private static final class PropertyReader {

        private final Map<String, String> properties;
        private final String prefix;
        private final List<String> problems = new ArrayList<>();

        PropertyReader(Map<String, String> properties, String prefix) {
            this.properties = properties;
            this.prefix = prefix.endsWith(".") ? prefix : prefix + ".";
        }

        private String key(String name) {
            return prefix + name;
        }

        /** Blank counts as absent: an unset environment variable often arrives as an empty string. */
        private String value(String name) {
            String value = properties.get(key(name));
            return value == null || value.isBlank() ? null : value.strip();
        }

        String required(String name) {
            String value = value(name);
            if (value == null) {
                problems.add(key(name) + " is required");
            }
            return value;
        }

        URI uri(String name) {
            String value = value(name);
            if (value == null) {
                return null;
            }
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                problems.add(key(name) + " is not a URI: " + value);
                return null;
            }
        }

        boolean bool(String name, boolean defaultValue) {
            String value = value(name);
            if (value == null) {
                return defaultValue;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(key(name) + " must be true or false: " + value);
            return defaultValue;
        }

        int integer(String name, int defaultValue) {
            String value = value(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                problems.add(key(name) + " must be an integer: " + value);
                return defaultValue;
            }
        }

        /** Bytes, plain or with a binary unit: {@code 8388608}, {@code 8MiB}, {@code 512KiB}. */
        long size(String name, long defaultValue) {
            String value = value(name);
            if (value == null) {
                return defaultValue;
            }
            Matcher matcher = SIZE.matcher(value);
            if (!matcher.matches()) {
                problems.add(key(name) + " must be a number of bytes, optionally with KiB, MiB or GiB: " + value);
                return defaultValue;
            }
            long unit = switch (matcher.group(2)) {
                case "KiB" -> 1024L;
                case "MiB" -> MIB;
                case "GiB" -> 1024L * MIB;
                default -> 1L;
            };
            try {
                return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                problems.add(key(name) + " is too large: " + value);
                return defaultValue;
            }
        }

        void failOnProblems() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid storage settings: " + String.join("; ", problems));
            }
        }
    }
}
