package be.reseau.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * {@code synonym} and {@code synonym_graph}: rules inline ({@code synonyms}) or in a file under the node's
 * config directory ({@code synonyms_path}); {@code format} (solr, or {@code wordnet}); {@code expand} (true);
 * {@code lenient} (false, or true when {@code updateable}); {@code updateable} (false; true makes it a
 * search-time-only filter, reloadable). As in analysis-common, the rules are parsed with the analysis chain
 * that precedes the filter in each analyzer (its tokenizer, char filters and earlier token filters).
 * {@code synonyms_set} (rules stored in the cluster via the synonyms API) is refused: the project keeps its
 * synonyms in its index settings.
 */
final class Synonyms {
    private Synonyms() {}

    static final class Factory extends AbstractTokenFilterFactory {
        private final Environment env;
        private final Settings settings;
        private final boolean graph;
        private final boolean expand;
        private final boolean lenient;
        private final String format;
        private final AnalysisMode analysisMode;

        Factory(IndexSettings indexSettings, Environment env, String name, Settings settings, boolean graph) {
            super(name, settings);
            this.env = env;
            this.settings = settings;
            this.graph = graph;
            if (settings.hasValue("synonyms") == false && settings.hasValue("synonyms_path") == false) {
                if (settings.hasValue("synonyms_set")) {
                    throw new IllegalArgumentException("[synonyms_set] is not supported by the reseau-analysis test plugin: "
                        + "use `synonyms` or `synonyms_path`");
                }
                throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
            }
            this.expand = settings.getAsBoolean("expand", true);
            this.format = settings.get("format", "");
            boolean updateable = settings.getAsBoolean("updateable", false);
            this.lenient = settings.getAsBoolean("lenient", updateable);
            this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return analysisMode;
        }

        @Override
        public TokenStream create(TokenStream in) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer analyzer = new CustomAnalyzer(
                tokenizer,
                charFilters.toArray(new CharFilterFactory[0]),
                previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
            );
            final SynonymMap map = buildSynonyms(analyzer);
            final String name = name();
            final boolean graph = this.graph;
            final AnalysisMode mode = this.analysisMode;
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream in) {
                    if (map.fst == null) {
                        return in;
                    }
                    return graph ? new SynonymGraphFilter(in, map, false) : new SynonymFilter(in, map, false);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    return IDENTITY_FILTER; // a later synonym filter does not see these synonyms
                }

                @Override
                public AnalysisMode getAnalysisMode() {
                    return mode;
                }
            };
        }

        private SynonymMap buildSynonyms(Analyzer analyzer) {
            String origin;
            Reader rules;
            if (settings.hasValue("synonyms")) {
                origin = "'" + name() + "' analyzer settings";
                StringBuilder sb = new StringBuilder();
                for (String line : Analysis.getWordList(env, settings, "synonyms")) {
                    sb.append(line).append(System.lineSeparator());
                }
                rules = new StringReader(sb.toString());
            } else {
                origin = settings.get("synonyms_path");
                rules = Analysis.getReaderFromFile(env, origin, "synonyms");
            }
            try {
                SynonymMap.Builder builder;
                if ("wordnet".equalsIgnoreCase(format)) {
                    LenientWordnet parser = new LenientWordnet(expand, lenient, analyzer);
                    parser.parse(rules);
                    builder = parser;
                } else {
                    LenientSolr parser = new LenientSolr(expand, lenient, analyzer);
                    parser.parse(rules);
                    builder = parser;
                }
                return builder.build();
            } catch (Exception e) {
                throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
            }
        }
    }

    /*
     * lenient: a rule whose words the analysis chain cannot turn into a term (e.g. only stop words) is skipped,
     * instead of failing the whole index creation.
     */

    static final class LenientSolr extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolr(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    return new CharsRef("");
                }
                throw e;
            }
        }
    }

    static final class LenientWordnet extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnet(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    return new CharsRef("");
                }
                throw e;
            }
        }
    }
}
