package be.reseau.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.EmptyTokenStream;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code stemmer}: the {@code language} (or {@code name}) parameter, default {@code porter}. The algorithmic
 * (non-Snowball) stemmers analysis-common maps for French, English and neighbouring languages are mapped the
 * same way here; any other name goes, as there, to the Snowball stemmer of that name (e.g. {@code danish}),
 * and an unknown one fails at index creation.
 */
final class Stemmers {
    private Stemmers() {}

    static final class StemmerFilter extends AbstractTokenFilterFactory {
        private final String language;

        StemmerFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.language = Strings.capitalize(settings.get("language", settings.get("name", "porter")));
            try {
                create(new EmptyTokenStream()).close(); // validate the language now, as analysis-common does
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            switch (language.toLowerCase(Locale.ROOT)) {
                // French
                case "french":
                    return new SnowballFilter(in, new org.tartarus.snowball.ext.FrenchStemmer());
                case "light_french":
                case "lightfrench":
                    return new FrenchLightStemFilter(in);
                case "minimal_french":
                case "minimalfrench":
                    return new FrenchMinimalStemFilter(in);
                // English
                case "english":
                case "porter":
                    return new PorterStemFilter(in);
                case "light_english":
                case "lightenglish":
                case "kstem":
                    return new KStemFilter(in);
                case "porter2":
                    return new SnowballFilter(in, new org.tartarus.snowball.ext.EnglishStemmer());
                case "minimal_english":
                case "minimalenglish":
                    return new EnglishMinimalStemFilter(in);
                case "possessive_english":
                case "possessiveenglish":
                    return new EnglishPossessiveFilter(in);
                // Dutch, German
                case "dutch":
                    return new SnowballFilter(in, new org.tartarus.snowball.ext.DutchStemmer());
                case "german":
                    return new SnowballFilter(in, new org.tartarus.snowball.ext.GermanStemmer());
                case "light_german":
                case "lightgerman":
                    return new GermanLightStemFilter(in);
                case "minimal_german":
                case "minimalgerman":
                    return new GermanMinimalStemFilter(in);
                // Spanish, Italian, Portuguese
                case "light_spanish":
                case "lightspanish":
                    return new SpanishLightStemFilter(in);
                case "light_italian":
                case "lightitalian":
                    return new ItalianLightStemFilter(in);
                case "light_portuguese":
                case "lightportuguese":
                    return new PortugueseLightStemFilter(in);
                case "minimal_portuguese":
                case "minimalportuguese":
                    return new PortugueseMinimalStemFilter(in);
                default:
                    // Snowball by name (Danish, Finnish, Italian, Spanish, ...); throws IllegalArgumentException if unknown
                    return new SnowballFilter(in, language);
            }
        }
    }
}
