package be.reseau.analysis;

import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code html_strip} and {@code mapping} char filters. */
final class CharFilters {
    private CharFilters() {}

    /** escaped_tags ([]). */
    static final class HtmlStrip extends AbstractCharFilterFactory {
        private final Set<String> escapedTags;

        HtmlStrip(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            List<String> tags = settings.getAsList("escaped_tags");
            this.escapedTags = tags.isEmpty() ? null : Set.copyOf(new HashSet<>(tags));
        }

        @Override
        public Reader create(Reader reader) {
            return escapedTags == null ? new HTMLStripCharFilter(reader) : new HTMLStripCharFilter(reader, escapedTags);
        }
    }

    /** mappings / mappings_path: rules "from => to". */
    static final class Mapping extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final NormalizeCharMap map;

        Mapping(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            List<String> rules = Analysis.getWordList(env, settings, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                String[] lr = Rules.split(rule);
                builder.add(lr[0], Rules.unescape(lr[1]));
            }
            this.map = builder.build();
        }

        @Override
        public Reader create(Reader reader) {
            return new MappingCharFilter(map, reader);
        }
    }
}
