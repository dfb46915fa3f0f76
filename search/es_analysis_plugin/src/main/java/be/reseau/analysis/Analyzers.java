package be.reseau.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.StopAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;

/** Analyzer types: the {@code french} and {@code english} language analyzers, and {@code keyword simple stop whitespace}. */
final class Analyzers {
    private Analyzers() {}

    /** {@code french}: stopwords / stopwords_path (_french_), stem_exclusion ([]). Lucene's FrenchAnalyzer. */
    static final class French extends AbstractIndexAnalyzerProvider<FrenchAnalyzer> {
        private final FrenchAnalyzer analyzer;

        French(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.analyzer = new FrenchAnalyzer(
                Analysis.parseStopWords(env, settings, FrenchAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );
        }

        @Override
        public FrenchAnalyzer get() {
            return analyzer;
        }
    }

    /** {@code english}: stopwords / stopwords_path (_english_), stem_exclusion ([]). */
    static final class English extends AbstractIndexAnalyzerProvider<EnglishAnalyzer> {
        private final EnglishAnalyzer analyzer;

        English(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.analyzer = new EnglishAnalyzer(
                Analysis.parseStopWords(env, settings, EnglishAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );
        }

        @Override
        public EnglishAnalyzer get() {
            return analyzer;
        }
    }

    static final class Keyword extends AbstractIndexAnalyzerProvider<KeywordAnalyzer> {
        private final KeywordAnalyzer analyzer = new KeywordAnalyzer();

        Keyword(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public KeywordAnalyzer get() {
            return analyzer;
        }
    }

    static final class Simple extends AbstractIndexAnalyzerProvider<SimpleAnalyzer> {
        private final SimpleAnalyzer analyzer = new SimpleAnalyzer();

        Simple(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public SimpleAnalyzer get() {
            return analyzer;
        }
    }

    static final class Whitespace extends AbstractIndexAnalyzerProvider<WhitespaceAnalyzer> {
        private final WhitespaceAnalyzer analyzer = new WhitespaceAnalyzer();

        Whitespace(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public WhitespaceAnalyzer get() {
            return analyzer;
        }
    }

    /** {@code stop}: stopwords / stopwords_path (_english_). */
    static final class Stop extends AbstractIndexAnalyzerProvider<StopAnalyzer> {
        private final StopAnalyzer analyzer;

        Stop(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.analyzer = new StopAnalyzer(Analysis.parseStopWords(env, settings, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
        }

        @Override
        public StopAnalyzer get() {
            return analyzer;
        }
    }
}
