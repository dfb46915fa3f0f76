"""The Elasticsearch index: French analysis settings and the document mapping.

The same settings serve production and the tests (the test server gets the
standard analysis filters from the project's plugin, search/es_analysis_plugin).
Synonyms come inline from search/synonyms.txt, the one list.
"""

from __future__ import annotations

from typing import Any

from search.text import synonym_rules

FRENCH_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c",
                   "jusqu", "quoiqu", "lorsqu", "puisqu"]


def analysis() -> dict[str, Any]:
    return {
        "filter": {
            "fr_elision": {"type": "elision", "articles_case": True, "articles": FRENCH_ARTICLES},
            "fr_stop": {"type": "stop", "stopwords": "_french_"},
            "fr_stemmer": {"type": "stemmer", "language": "light_french"},
            "fr_synonyms": {"type": "synonym_graph", "synonyms": list(synonym_rules())},
            "autocomplete_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        },
        "normalizer": {
            "folding": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
        "analyzer": {
            # Index time: no synonyms (they apply to queries, so editing the list
            # needs no reindex).
            "french_text": {"tokenizer": "standard",
                            "filter": ["fr_elision", "lowercase", "asciifolding", "fr_stop",
                                       "fr_stemmer"]},
            "french_search": {"tokenizer": "standard",
                              "filter": ["fr_elision", "lowercase", "asciifolding",
                                         "fr_synonyms", "fr_stop", "fr_stemmer"]},
            # Unstemmed words, for typo tolerance (a stem is too short to be fuzzy on).
            "french_plain": {"tokenizer": "standard",
                             "filter": ["fr_elision", "lowercase", "asciifolding"]},
            "autocomplete": {"tokenizer": "standard",
                             "filter": ["fr_elision", "lowercase", "asciifolding",
                                        "autocomplete_ngram"]},
            "autocomplete_search": {"tokenizer": "standard",
                                    "filter": ["fr_elision", "lowercase", "asciifolding"]},
        },
    }


def _text() -> dict[str, Any]:
    return {"type": "text", "analyzer": "french_text", "search_analyzer": "french_search",
            "fields": {"plain": {"type": "text", "analyzer": "french_plain"}}}


MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "source": {"type": "keyword"},
        "id": {"type": "keyword"},
        "type": {"type": "keyword"},
        "title": {**_text(), "fields": {
            **_text()["fields"],
            "autocomplete": {"type": "text", "analyzer": "autocomplete",
                             "search_analyzer": "autocomplete_search"},
            "sort": {"type": "keyword", "normalizer": "folding"},
        }},
        "body": _text(),
        "url": {"type": "keyword", "index": False},
        "audiences": {"type": "keyword"},
        "axes": {"type": "keyword"},
        "province": {"type": "keyword"},
        "company": {"type": "keyword"},
        "date": {"type": "date"},
    },
}


def index_body() -> dict[str, Any]:
    """Settings and mappings of a new index (production and tests alike)."""
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0,
                     "refresh_interval": "1s", "analysis": analysis()},
        "mappings": MAPPING,
    }
