package io.coursestream.workers.stripe;

import com.stripe.exception.StripeException;

/** What a Stripe failure says, read alike by the payment and the payout clients. */
public final class StripeFailures {

    private StripeFailures() {
    }

    /** The HTTP status Stripe answered with; null when no answer came (the SDK reports 0 then). */
    public static Integer status(StripeException error) {
        return error.getStatusCode() == null || error.getStatusCode() == 0 ? null : error.getStatusCode();
    }

    /**
     * Stripe's account of the failure for a job's error: status, error type, code, parameter, message and request id
     * ({@code HTTP 402 card_error card_declined - Your card was declined. (request req_1)}), or the SDK's own message
     * when Stripe gave no error object.
     */
    public static String describe(StripeException error) {
        StringBuilder text = new StringBuilder();
        if (status(error) != null) {
            text.append("HTTP ").append(error.getStatusCode()).append(' ');
        }
        if (error.getStripeError() != null) {
            if (error.getStripeError().getType() != null) {
                text.append(error.getStripeError().getType()).append(' ');
            }
            if (error.getCode() != null) {
                text.append(error.getCode()).append(' ');
            }
            if (error.getStripeError().getParam() != null) {
                text.append("on ").append(error.getStripeError().getParam()).append(' ');
            }
            text.append("- ").append(error.getStripeError().getMessage());
            if (error.getRequestId() != null) {
                text.append(" (request ").append(error.getRequestId()).append(')');
            }
        } else {
            // The SDK's own message, which names the code and request id when there are any.
            text.append(error.getClass().getSimpleName()).append(" - ").append(error.getMessage());
        }
        return text.toString();
    }
}
