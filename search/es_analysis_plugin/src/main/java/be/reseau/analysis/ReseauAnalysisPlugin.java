package be.reseau.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.PreConfiguredCharFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.apache.lucene.util.SetOnce;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Registers, under the names and with the parameters of Elasticsearch's own {@code analysis-common}
 * module, the analysis components that Réseau's index settings use. Only for the integ-test-zip
 * distribution, which lacks that module: never install it next to analysis-common (the names would clash
 * and the node would refuse to start).
 *
 * <p>Names the server core already registers are left alone: token filters {@code stop}, {@code shingle},
 * {@code hunspell}, pre-configured {@code lowercase}; tokenizer {@code standard}; analyzers
 * {@code standard}/{@code default}; pre-built analyzers {@code standard keyword stop whitespace simple classic}.
 *
 * <p>It also serves {@code GET /} and {@code HEAD /}, which the full distribution has from its {@code rest-root}
 * module: see {@link RootEndpoint}.
 */
public class ReseauAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private final SetOnce<ClusterService> clusterService = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootEndpoint(clusterService::get));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> f = new TreeMap<>();
        f.put("asciifolding", TokenFilters.AsciiFolding::new);
        f.put("edge_ngram", NGrams.EdgeNGramFilter::new);
        f.put("elision", requiresAnalysisSettings(TokenFilters.Elision::new));
        f.put("flatten_graph", TokenFilters.FlattenGraph::new);
        f.put("keyword_marker", requiresAnalysisSettings(TokenFilters.KeywordMarker::new));
        f.put("kstem", TokenFilters.KStem::new);
        f.put("length", TokenFilters.Length::new);
        f.put("limit", TokenFilters.Limit::new);
        f.put("lowercase", TokenFilters.LowerCase::new);
        f.put("ngram", NGrams.NGramFilter::new);
        f.put("porter_stem", TokenFilters.PorterStem::new);
        f.put("remove_duplicates", TokenFilters.RemoveDuplicates::new);
        f.put("reverse", TokenFilters.Reverse::new);
        f.put("snowball", TokenFilters.Snowball::new);
        f.put("stemmer", Stemmers.StemmerFilter::new);
        f.put("synonym", requiresAnalysisSettings((i, e, n, s) -> new Synonyms.Factory(i, e, n, s, false)));
        f.put("synonym_graph", requiresAnalysisSettings((i, e, n, s) -> new Synonyms.Factory(i, e, n, s, true)));
        f.put("trim", TokenFilters.Trim::new);
        f.put("truncate", requiresAnalysisSettings(TokenFilters.Truncate::new));
        f.put("unique", TokenFilters.Unique::new);
        f.put("uppercase", TokenFilters.UpperCase::new);
        f.put("word_delimiter", (i, e, n, s) -> new WordDelimiters.Factory(i, e, n, s, false));
        f.put("word_delimiter_graph", (i, e, n, s) -> new WordDelimiters.Factory(i, e, n, s, true));
        return f;
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> t = new TreeMap<>();
        t.put("edge_ngram", (i, e, n, s) -> new NGrams.NGramTokenizerFactory(i, n, s, true));
        t.put("keyword", Tokenizers.Keyword::new);
        t.put("letter", Tokenizers.Letter::new);
        t.put("ngram", (i, e, n, s) -> new NGrams.NGramTokenizerFactory(i, n, s, false));
        t.put("whitespace", Tokenizers.Whitespace::new);
        return t;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> c = new TreeMap<>();
        c.put("html_strip", CharFilters.HtmlStrip::new);
        c.put("mapping", requiresAnalysisSettings(CharFilters.Mapping::new));
        return c;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> a = new TreeMap<>();
        a.put("english", Analyzers.English::new);
        a.put("french", Analyzers.French::new);
        a.put("keyword", Analyzers.Keyword::new);
        a.put("simple", Analyzers.Simple::new);
        a.put("stop", Analyzers.Stop::new);
        a.put("whitespace", Analyzers.Whitespace::new);
        return a;
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        List<PreBuiltAnalyzerProviderFactory> a = new ArrayList<>();
        a.add(new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new));
        a.add(new PreBuiltAnalyzerProviderFactory("french", CachingStrategy.LUCENE, FrenchAnalyzer::new));
        return a;
    }

    @Override
    public List<PreConfiguredCharFilter> getPreConfiguredCharFilters() {
        return List.of(PreConfiguredCharFilter.singleton("html_strip", false, HTMLStripCharFilter::new));
    }

    /** The filters usable by bare name in an analyzer, as analysis-common pre-configures them. */
    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        List<PreConfiguredTokenFilter> f = new ArrayList<>();
        f.add(PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("edge_ngram", false, false, in -> new EdgeNGramTokenFilter(in, 1)));
        f.add(PreConfiguredTokenFilter.singleton("elision", true, in -> new ElisionFilter(in, FrenchAnalyzer.DEFAULT_ARTICLES)));
        f.add(PreConfiguredTokenFilter.singleton("keyword_repeat", false, false, KeywordRepeatFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("kstem", false, KStemFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("length", false, in -> new LengthFilter(in, 0, Integer.MAX_VALUE)));
        f.add(PreConfiguredTokenFilter.singleton("limit", false, in -> new LimitTokenCountFilter(in, 1, false)));
        f.add(PreConfiguredTokenFilter.singleton("ngram", false, false, in -> new NGramTokenFilter(in, 1, 2, false)));
        f.add(PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("reverse", false, ReverseStringFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("snowball", false, in -> new SnowballFilter(in, "English")));
        f.add(PreConfiguredTokenFilter.singleton("stemmer", false, PorterStemFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("stop", false, in -> new StopFilter(in, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)));
        f.add(PreConfiguredTokenFilter.singleton("trim", true, TrimFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("truncate", false, in -> new TruncateTokenFilter(in, 10)));
        f.add(PreConfiguredTokenFilter.singleton("unique", false, in -> new TokenFilters.UniqueTokenFilter(in, false)));
        f.add(PreConfiguredTokenFilter.singleton("uppercase", true, UpperCaseFilter::new));
        f.add(PreConfiguredTokenFilter.singleton("word_delimiter", false, false, in -> new WordDelimiterFilter(
            in, WordDelimiters.DEFAULT_FLAGS_CLASSIC, null)));
        f.add(PreConfiguredTokenFilter.singleton("word_delimiter_graph", false, false, in -> new WordDelimiterGraphFilter(
            in, true, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, WordDelimiters.DEFAULT_FLAGS_GRAPH, null)));
        return f;
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        List<PreConfiguredTokenizer> t = new ArrayList<>();
        t.add(PreConfiguredTokenizer.singleton("edge_ngram", () -> new EdgeNGramTokenizer(
            NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE, NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE)));
        t.add(PreConfiguredTokenizer.singleton("keyword", KeywordTokenizer::new));
        t.add(PreConfiguredTokenizer.singleton("letter", LetterTokenizer::new));
        t.add(PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new));
        t.add(PreConfiguredTokenizer.singleton("whitespace", WhitespaceTokenizer::new));
        return t;
    }
}
