package io.coursestream.demo;

/**
 * How much demo traffic to make and from which seed.
 *
 * @param seed          the same seed gives the same events, in the same order, with the same ids
 * @param ratePerSecond events per second the runner sends (the generator itself is not paced)
 * @param users         how many users register over the run (the population the activity is drawn from)
 * @param courses       how many courses the catalogue publishes first
 */
public record DemoOptions(long seed, int ratePerSecond, int users, int courses) {

    public static final DemoOptions DEFAULTS = new DemoOptions(42L, 20, 200, 8);

    public DemoOptions {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("ratePerSecond must be at least 1");
        }
        if (users < 2) {
            throw new IllegalArgumentException("users must be at least 2 (referrals need an affiliate)");
        }
        if (courses < 1) {
            throw new IllegalArgumentException("courses must be at least 1");
        }
    }
}
