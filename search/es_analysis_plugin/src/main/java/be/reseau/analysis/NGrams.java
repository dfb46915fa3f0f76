package be.reseau.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/** {@code edge_ngram} and {@code ngram}, as token filters and as tokenizers. */
final class NGrams {
    private NGrams() {}

    private static void checkNgramDiff(IndexSettings indexSettings, int minGram, int maxGram, String what) {
        int allowed = indexSettings.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + diff + "]. This limit can be set by changing the ["
                + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }

    /** {@code edge_ngram} filter: min_gram (1), max_gram (2), preserve_original (false), side (front|back). */
    static final class EdgeNGramFilter extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;
        private final boolean back;

        EdgeNGramFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = settings.getAsInt("max_gram", 2);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
            String side = settings.get("side", "front");
            switch (side) {
                case "front" -> this.back = false;
                case "back" -> this.back = true;
                default -> throw new IllegalArgumentException("invalid side: " + side);
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            TokenStream result = back ? new ReverseStringFilter(in) : in;
            result = new EdgeNGramTokenFilter(result, minGram, maxGram, preserveOriginal);
            return back ? new ReverseStringFilter(result) : result;
        }

        @Override
        public boolean breaksFastVectorHighlighter() {
            return true;
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    /** {@code ngram} filter: min_gram (1), max_gram (2), preserve_original (false); index.max_ngram_diff applies. */
    static final class NGramFilter extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        NGramFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = settings.getAsInt("max_gram", 2);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
            checkNgramDiff(indexSettings, minGram, maxGram, "Tokenizer");
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new NGramTokenFilter(in, minGram, maxGram, preserveOriginal);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    /** Character classes of {@code token_chars}: letter, digit, whitespace, punctuation, symbol, custom, or a Unicode category. */
    static final Map<String, IntPredicate> CHAR_CLASSES;

    static {
        Map<String, IntPredicate> m = new HashMap<>();
        m.put("letter", Character::isLetter);
        m.put("digit", Character::isDigit);
        m.put("whitespace", Character::isWhitespace);
        m.put("punctuation", c -> switch (Character.getType(c)) {
            case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                Character.FINAL_QUOTE_PUNCTUATION -> true;
            default -> false;
        });
        m.put("symbol", c -> switch (Character.getType(c)) {
            case Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL -> true;
            default -> false;
        });
        for (Field field : Character.class.getFields()) {
            if (field.getName().startsWith("DIRECTIONALITY") == false
                && Modifier.isStatic(field.getModifiers())
                && field.getType() == byte.class) {
                try {
                    byte category = field.getByte(null);
                    m.put(field.getName().toLowerCase(Locale.ROOT), c -> Character.getType(c) == category);
                } catch (IllegalAccessException e) {
                    // not a category
                }
            }
        }
        CHAR_CLASSES = Map.copyOf(m);
    }

    static IntPredicate parseTokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes == null || classes.isEmpty()) {
            return null;
        }
        List<IntPredicate> matchers = new ArrayList<>();
        for (String cc : classes) {
            cc = cc.toLowerCase(Locale.ROOT).trim();
            if (cc.equals("custom")) {
                String custom = settings.get("custom_token_chars");
                if (custom == null) {
                    throw new IllegalArgumentException("Token type: 'custom' requires setting `custom_token_chars`");
                }
                Set<Integer> chars = custom.chars().boxed().collect(Collectors.toSet());
                matchers.add(chars::contains);
            } else {
                IntPredicate matcher = CHAR_CLASSES.get(cc);
                if (matcher == null) {
                    throw new IllegalArgumentException("Unknown token type: '" + cc + "', must be one of "
                        + new java.util.TreeSet<>(CHAR_CLASSES.keySet()));
                }
                matchers.add(matcher);
            }
        }
        return c -> {
            for (IntPredicate p : matchers) {
                if (p.test(c)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@code edge_ngram} / {@code ngram} tokenizers: min_gram (1), max_gram (2), token_chars ([] = all), custom_token_chars. */
    static final class NGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate matcher;
        private final boolean edge;

        NGramTokenizerFactory(IndexSettings indexSettings, String name, Settings settings, boolean edge) {
            super(indexSettings, settings, name);
            this.edge = edge;
            this.minGram = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            this.maxGram = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            if (edge == false) {
                checkNgramDiff(indexSettings, minGram, maxGram, "Tokenizer");
            }
            this.matcher = parseTokenChars(settings);
        }

        @Override
        public Tokenizer create() {
            final IntPredicate m = matcher;
            if (edge) {
                return m == null ? new EdgeNGramTokenizer(minGram, maxGram) : new EdgeNGramTokenizer(minGram, maxGram) {
                    @Override
                    protected boolean isTokenChar(int chr) {
                        return m.test(chr);
                    }
                };
            }
            return m == null ? new NGramTokenizer(minGram, maxGram) : new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return m.test(chr);
                }
            };
        }
    }
}
