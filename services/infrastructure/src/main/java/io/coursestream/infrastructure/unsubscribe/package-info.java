/**
 * Signed one-click unsubscribe tokens (RFC 8058 links): the workers sign them into the links of every non-critical
 * mail, the stream processor's unsubscribe endpoint verifies them. Plain JDK (HMAC-SHA256), so both apps share it.
 */
package io.coursestream.infrastructure.unsubscribe;
