package be.reseau.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code word_delimiter_graph} and {@code word_delimiter}: generate_word_parts (true), generate_number_parts (true),
 * catenate_words, catenate_numbers, catenate_all (false), split_on_case_change (true), preserve_original (false),
 * split_on_numerics (true), stem_english_possessive (true), protected_words / protected_words_path,
 * type_table / type_table_path; graph only: adjust_offsets (true), ignore_keywords (false).
 */
final class WordDelimiters {
    private WordDelimiters() {}

    static final int DEFAULT_FLAGS_GRAPH = WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
        | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
        | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;
    static final int DEFAULT_FLAGS_CLASSIC = WordDelimiterFilter.GENERATE_WORD_PARTS | WordDelimiterFilter.GENERATE_NUMBER_PARTS
        | WordDelimiterFilter.SPLIT_ON_CASE_CHANGE | WordDelimiterFilter.SPLIT_ON_NUMERICS | WordDelimiterFilter.STEM_ENGLISH_POSSESSIVE;

    static final class Factory extends AbstractTokenFilterFactory {
        private final boolean graph;
        private final byte[] typeTable;
        private final int flags;
        private final CharArraySet protectedWords;
        private final boolean adjustOffsets;

        Factory(IndexSettings indexSettings, Environment env, String name, Settings settings, boolean graph) {
            super(name, settings);
            this.graph = graph;
            List<String> types = Analysis.getWordList(env, settings, "type_table");
            this.typeTable = types == null ? WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE : parseTypes(types);
            // The two Lucene filters use the same flag values.
            int f = 0;
            f |= flag(settings, "generate_word_parts", true, WordDelimiterGraphFilter.GENERATE_WORD_PARTS);
            f |= flag(settings, "generate_number_parts", true, WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS);
            f |= flag(settings, "catenate_words", false, WordDelimiterGraphFilter.CATENATE_WORDS);
            f |= flag(settings, "catenate_numbers", false, WordDelimiterGraphFilter.CATENATE_NUMBERS);
            f |= flag(settings, "catenate_all", false, WordDelimiterGraphFilter.CATENATE_ALL);
            f |= flag(settings, "split_on_case_change", true, WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE);
            f |= flag(settings, "preserve_original", false, WordDelimiterGraphFilter.PRESERVE_ORIGINAL);
            f |= flag(settings, "split_on_numerics", true, WordDelimiterGraphFilter.SPLIT_ON_NUMERICS);
            f |= flag(settings, "stem_english_possessive", true, WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE);
            if (graph) {
                f |= flag(settings, "ignore_keywords", false, WordDelimiterGraphFilter.IGNORE_KEYWORDS);
            }
            this.flags = f;
            this.adjustOffsets = settings.getAsBoolean("adjust_offsets", true);
            var words = Analysis.getWordSet(env, settings, "protected_words");
            this.protectedWords = words == null ? null : CharArraySet.copy(words);
        }

        private static int flag(Settings settings, String key, boolean defaultValue, int flag) {
            return settings.getAsBoolean(key, defaultValue) ? flag : 0;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return graph
                ? new WordDelimiterGraphFilter(in, adjustOffsets, typeTable, flags, protectedWords)
                : new WordDelimiterFilter(in, typeTable, flags, protectedWords);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    static byte[] parseTypes(List<String> rules) {
        SortedMap<Character, Byte> typeMap = new TreeMap<>();
        for (String rule : rules) {
            String[] lr = Rules.split(rule);
            if (lr[0].length() != 1) {
                throw new RuntimeException("Invalid Mapping Rule : [" + rule + "]. Only a single character is allowed.");
            }
            Byte type = switch (lr[1]) {
                case "LOWER" -> (byte) WordDelimiterFilter.LOWER;
                case "UPPER" -> (byte) WordDelimiterFilter.UPPER;
                case "ALPHA" -> (byte) WordDelimiterFilter.ALPHA;
                case "DIGIT" -> (byte) WordDelimiterFilter.DIGIT;
                case "ALPHANUM" -> (byte) WordDelimiterFilter.ALPHANUM;
                case "SUBWORD_DELIM" -> (byte) WordDelimiterFilter.SUBWORD_DELIM;
                default -> null;
            };
            if (type == null) {
                throw new RuntimeException("Invalid Mapping Rule : [" + rule + "]. Illegal type.");
            }
            typeMap.put(lr[0].charAt(0), type);
        }
        byte[] table = new byte[Math.max(typeMap.lastKey() + 1, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE.length)];
        for (int i = 0; i < table.length; i++) {
            table[i] = WordDelimiterIterator.getType(i);
        }
        for (Map.Entry<Character, Byte> e : typeMap.entrySet()) {
            table[e.getKey()] = e.getValue();
        }
        return table;
    }
}
