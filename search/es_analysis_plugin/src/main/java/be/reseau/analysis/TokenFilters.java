package be.reseau.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/** Small token filters, each with the parameters and defaults that analysis-common gives the same name. */
final class TokenFilters {
    private TokenFilters() {}

    /** {@code asciifolding}: preserve_original (false). */
    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new ASCIIFoldingFilter(in, false); // a normalizer emits one token
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            if (preserveOriginal == false) {
                return this;
            }
            // Synonym rules are parsed without the stacked original (as analysis-common does).
            String n = name();
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return n;
                }

                @Override
                public TokenStream create(TokenStream in) {
                    return new ASCIIFoldingFilter(in, false);
                }
            };
        }
    }

    /** {@code elision}: articles / articles_path (required), articles_case (false). */
    static final class Elision extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final CharArraySet articles;

        Elision(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.articles = Analysis.parseArticles(env, settings);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ElisionFilter(in, articles);
        }
    }

    /** {@code lowercase}: language (greek, irish, turkish) or plain. */
    static final class LowerCase extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final String lang;

        LowerCase(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.lang = settings.get("language", null);
            if (lang != null && List.of("greek", "irish", "turkish").contains(lang) == false) {
                throw new IllegalArgumentException("language [" + lang + "] not support for lower case");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            if (lang == null) {
                return new LowerCaseFilter(in);
            }
            return switch (lang) {
                case "greek" -> new GreekLowerCaseFilter(in);
                case "irish" -> new IrishLowerCaseFilter(in);
                default -> new TurkishLowerCaseFilter(in);
            };
        }
    }

    static final class UpperCase extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        UpperCase(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new UpperCaseFilter(in);
        }
    }

    static final class Trim extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        Trim(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            if (settings.get("update_offsets") != null) {
                throw new IllegalArgumentException("update_offsets is not supported anymore. Please fix your analysis chain");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new TrimFilter(in);
        }
    }

    /** {@code keyword_marker}: keywords / keywords_path or keywords_pattern; ignore_case (false). */
    static final class KeywordMarker extends AbstractTokenFilterFactory {
        private final CharArraySet keywords;
        private final Pattern pattern;

        KeywordMarker(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            boolean ignoreCase = settings.getAsBoolean("ignore_case", false);
            String patternString = settings.get("keywords_pattern");
            List<String> words = Analysis.getWordList(env, settings, "keywords");
            if (patternString != null) {
                if (words != null) {
                    throw new IllegalArgumentException(
                        "cannot specify both `keywords_pattern` and `keywords` or `keywords_path`");
                }
                this.pattern = Pattern.compile(patternString);
                this.keywords = null;
            } else {
                if (words == null) {
                    throw new IllegalArgumentException(
                        "keyword filter requires either `keywords`, `keywords_path`, or `keywords_pattern` to be configured");
                }
                this.pattern = null;
                this.keywords = new CharArraySet(words, ignoreCase);
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return pattern != null ? new PatternKeywordMarkerFilter(in, pattern) : new SetKeywordMarkerFilter(in, keywords);
        }
    }

    static final class KStem extends AbstractTokenFilterFactory {
        KStem(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new KStemFilter(in);
        }
    }

    static final class PorterStem extends AbstractTokenFilterFactory {
        PorterStem(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new PorterStemFilter(in);
        }
    }

    /** {@code snowball}: language (English). */
    static final class Snowball extends AbstractTokenFilterFactory {
        private final String language;

        Snowball(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.language = org.elasticsearch.common.Strings.capitalize(settings.get("language", settings.get("name", "English")));
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new SnowballFilter(in, language);
        }
    }

    /** {@code length}: min (0), max (Integer.MAX_VALUE). */
    static final class Length extends AbstractTokenFilterFactory {
        private final int min;
        private final int max;

        Length(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.min = settings.getAsInt("min", 0);
            this.max = settings.getAsInt("max", Integer.MAX_VALUE);
            if (settings.get("enable_position_increments") != null) {
                throw new IllegalArgumentException("[enable_position_increments] is not supported anymore as of Lucene 4.4");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new LengthFilter(in, min, max);
        }
    }

    /** {@code limit}: max_token_count (1), consume_all_tokens (false). */
    static final class Limit extends AbstractTokenFilterFactory {
        private final int max;
        private final boolean consumeAll;

        Limit(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.max = settings.getAsInt("max_token_count", 1);
            this.consumeAll = settings.getAsBoolean("consume_all_tokens", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new LimitTokenCountFilter(in, max, consumeAll);
        }
    }

    /** {@code truncate}: length (required, > 0). */
    static final class Truncate extends AbstractTokenFilterFactory {
        private final int length;

        Truncate(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.length = settings.getAsInt("length", -1);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new TruncateTokenFilter(in, length);
        }
    }

    static final class Reverse extends AbstractTokenFilterFactory {
        Reverse(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ReverseStringFilter(in);
        }
    }

    static final class RemoveDuplicates extends AbstractTokenFilterFactory {
        RemoveDuplicates(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new RemoveDuplicatesTokenFilter(in);
        }
    }

    static final class FlattenGraph extends AbstractTokenFilterFactory {
        FlattenGraph(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new FlattenGraphFilter(in);
        }
    }

    /** {@code unique}: only_on_same_position (false). */
    static final class Unique extends AbstractTokenFilterFactory {
        private final boolean onlyOnSamePosition;

        Unique(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new UniqueTokenFilter(in, onlyOnSamePosition);
        }
    }

    /** Drops a token whose term was already seen (in the stream, or at the same position). */
    static final class UniqueTokenFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);
        private final boolean onlyOnSamePosition;

        UniqueTokenFilter(TokenStream in, boolean onlyOnSamePosition) {
            super(in);
            this.onlyOnSamePosition = onlyOnSamePosition;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                final char[] buffer = term.buffer();
                final int length = term.length();
                if (onlyOnSamePosition && posInc.getPositionIncrement() > 0) {
                    seen.clear();
                }
                if (seen.contains(buffer, 0, length) == false) {
                    char[] copy = new char[length];
                    System.arraycopy(buffer, 0, copy, 0, length);
                    seen.add(copy);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }
}
