package io.coursestream.workers.notifications;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The languages notifications are written in, and how a user's locale falls back to one of them: the full tag, then
 * without variant, then language and script, then the language alone, then English (de-AT -> de -> en). Only the
 * text falls back; formats keep the user's own locale ({@link LocalFormats}).
 */
public final class SupportedLocales {

    /** The default bundle's language, and the last fallback. */
    public static final Locale FALLBACK = Locale.ENGLISH;

    /** A localized file {@code messages/notification_<tag>.properties} exists for each, English is the default. */
    public static final Set<Locale> ALL = Set.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"));

    private SupportedLocales() {
    }

    /** The supported locale to write in for this IETF language tag; English for a missing or ill-formed tag. */
    public static Locale resolve(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return FALLBACK;
        }
        Locale requested;
        try {
            requested = new Locale.Builder().setLanguageTag(languageTag.strip().replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            return FALLBACK;
        }
        return candidates(requested).stream().filter(ALL::contains).findFirst().orElse(FALLBACK);
    }

    /** The lookup order for a locale, most specific first, ending with {@link #FALLBACK}. */
    static List<Locale> candidates(Locale locale) {
        List<Locale> candidates = new ArrayList<>();
        Locale plain = locale.stripExtensions();
        add(candidates, plain);
        add(candidates, new Locale.Builder().setLanguage(plain.getLanguage()).setScript(plain.getScript())
                .setRegion(plain.getCountry()).build());
        add(candidates, new Locale.Builder().setLanguage(plain.getLanguage()).setScript(plain.getScript()).build());
        add(candidates, new Locale.Builder().setLanguage(plain.getLanguage()).build());
        add(candidates, FALLBACK);
        return candidates;
    }

    private static void add(List<Locale> candidates, Locale locale) {
        if (!locale.getLanguage().isEmpty() && !candidates.contains(locale)) {
            candidates.add(locale);
        }
    }
}
