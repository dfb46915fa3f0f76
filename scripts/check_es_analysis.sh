#!/usr/bin/env bash
# Checks that the Elasticsearch server at $ELASTICSEARCH_URL (default http://127.0.0.1:9200) accepts the
# project's French analysis settings and analyses text as the full distribution does. Exits non-zero on the
# first mismatch. Creates and deletes the index "reseau_analysis_check".
# If the server is the one scripts/services.sh runs (config under $RESEAU_CACHE), synonyms_path is checked too.
set -euo pipefail
shopt -s inherit_errexit

ES="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"
INDEX="reseau_analysis_check"
CACHE="${RESEAU_CACHE:-/var/cache/reseau}"
FAILURES=0
CHECKS=0

log() { echo "[check-es] $*" >&2; }

cleanup() {
    curl -sS -m 30 -X DELETE "$ES/$INDEX" >/dev/null 2>&1 || true
    if [[ -n "${SYN_FILE:-}" ]]; then rm -f "$SYN_FILE"; fi
}
trap cleanup EXIT

# tokens JSON-BODY [INDEX]: prints the tokens of an _analyze request, space-separated, in output order.
tokens() {
    local body="$1" target="${2-$INDEX}" out
    local url="$ES/_analyze"
    [[ -n "$target" ]] && url="$ES/$target/_analyze"
    out="$(curl -sS -m 30 -H 'Content-Type: application/json' -X POST "$url" -d "$body")"
    python3 -c '
import json, sys
r = json.loads(sys.argv[1])
if "tokens" not in r:
    print("ERROR " + json.dumps(r.get("error", r))[:400]); sys.exit(0)
print(" ".join(t["token"] for t in r["tokens"]))
' "$out"
}

expect_eq() { # NAME ACTUAL EXPECTED
    CHECKS=$((CHECKS + 1))
    if [[ "$2" == "$3" ]]; then
        log "ok   $1: [$2]"
    else
        log "FAIL $1: got [$2], expected [$3]"
        FAILURES=$((FAILURES + 1))
    fi
}

expect_contains() { # NAME ACTUAL WORD...
    local name="$1" actual="$2" w
    shift 2
    CHECKS=$((CHECKS + 1))
    for w in "$@"; do
        if [[ " $actual " != *" $w "* ]]; then
            log "FAIL $name: [$actual] lacks [$w]"
            FAILURES=$((FAILURES + 1))
            return
        fi
    done
    log "ok   $name: [$actual] has [$*]"
}

curl -fsS -m 10 "$ES/" >/dev/null || { log "no Elasticsearch at $ES"; exit 1; }

# synonyms_path: a file under the node's config directory (only when this machine runs that node).
SYN_REL="analysis/reseau_check_synonyms.txt"
SYN_FILE=""
CONF_DIR="$(ls -d "$CACHE"/elasticsearch-*/config 2>/dev/null | tail -n 1 || true)"
SYN_SETTING=""
if [[ -n "$CONF_DIR" && -w "$CONF_DIR" ]]; then
    mkdir -p "$CONF_DIR/analysis"
    SYN_FILE="$CONF_DIR/$SYN_REL"
    printf '# test\nslsp, societe de logement de service public\n' >"$SYN_FILE"
    chmod 644 "$SYN_FILE"
    SYN_SETTING=', "fr_file_synonyms": {"type": "synonym", "synonyms_path": "'"$SYN_REL"'"}'
fi

curl -sS -m 30 -X DELETE "$ES/$INDEX" >/dev/null 2>&1 || true
create="$(curl -sS -m 60 -H 'Content-Type: application/json' -X PUT "$ES/$INDEX" -d @- <<EOF
{
  "settings": {
    "number_of_shards": 1,
    "number_of_replicas": 0,
    "analysis": {
      "filter": {
        "fr_elision": {"type": "elision", "articles_case": true,
                       "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]},
        "fr_stop": {"type": "stop", "stopwords": "_french_"},
        "fr_stemmer": {"type": "stemmer", "language": "light_french"},
        "fr_synonyms": {"type": "synonym_graph",
                        "synonyms": ["cpas, centre public d'action sociale", "roi, reglement d'ordre interieur"]},
        "autocomplete_ngram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
        "fold_keep": {"type": "asciifolding", "preserve_original": true},
        "lenient_synonyms": {"type": "synonym", "lenient": true, "synonyms": ["le, la", "foo, bar"]},
        "wdg": {"type": "word_delimiter_graph", "preserve_original": true}
        $SYN_SETTING
      },
      "tokenizer": {
        "autocomplete_tok": {"type": "edge_ngram", "min_gram": 2, "max_gram": 10, "token_chars": ["letter", "digit"]}
      },
      "normalizer": {
        "folding": {"type": "custom", "filter": ["lowercase", "asciifolding"]}
      },
      "analyzer": {
        "french_text": {"tokenizer": "standard",
                        "filter": ["fr_elision", "lowercase", "asciifolding", "fr_stop", "fr_stemmer"]},
        "french_search": {"tokenizer": "standard",
                          "filter": ["fr_elision", "lowercase", "asciifolding", "fr_synonyms", "fr_stop", "fr_stemmer"]},
        "autocomplete": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "autocomplete_ngram"]},
        "autocomplete_t": {"tokenizer": "autocomplete_tok", "filter": ["lowercase"]},
        "fold_keep_a": {"tokenizer": "standard", "filter": ["lowercase", "fold_keep"]},
        "lenient_a": {"tokenizer": "standard", "filter": ["lowercase", "fr_stop", "lenient_synonyms"]},
        "html_a": {"tokenizer": "standard", "char_filter": ["html_strip"], "filter": ["lowercase"]},
        "wdg_a": {"tokenizer": "whitespace", "filter": ["wdg", "lowercase"]},
        "preconf_a": {"tokenizer": "standard", "filter": ["elision", "lowercase", "asciifolding"]},
        "fr_builtin": {"type": "french"}
        $( [[ -n "$SYN_SETTING" ]] && echo ', "file_syn_a": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "fr_file_synonyms"]}' )
      }
    }
  },
  "mappings": {
    "properties": {
      "title": {"type": "text", "analyzer": "french_text", "search_analyzer": "french_search",
                "fields": {"autocomplete": {"type": "text", "analyzer": "autocomplete", "search_analyzer": "french_text"},
                           "sort": {"type": "keyword", "normalizer": "folding"}}},
      "body": {"type": "text", "analyzer": "french"}
    }
  }
}
EOF
)"
if [[ "$create" != *'"acknowledged":true'* ]]; then
    log "FAIL index creation: $create"
    exit 1
fi
log "ok   index created with the project's analysis settings"

t() { tokens "{\"analyzer\": \"$1\", \"text\": \"$2\"}"; }

expect_eq "elision l'habitat" "$(t french_text "l'habitat")" "habitat"
expect_eq "elision L'Habitat (articles_case)" "$(t french_text "L'Habitat")" "habitat"
expect_eq "elision puisqu'Élise" "$(t french_text "puisqu'Élise")" "$(t french_text "elise")"
impayes="$(t french_text "Impayés")"
expect_eq "Impayés = impaye" "$impayes" "$(t french_text "impaye")"
expect_eq "Impayés = impayé" "$impayes" "$(t french_text "impayé")"
expect_eq "logements = Logement" "$(t french_text "logements")" "$(t french_text "Logement")"
expect_eq "Sociétés = société" "$(t french_text "Sociétés")" "$(t french_text "société")"
expect_eq "stop words dropped" "$(t french_text "le logement et les locataires")" "$(t french_text "logement locataires")"

# (the token lists are split into words on purpose)
cpas_syn="$(t french_search "CPAS")"
# shellcheck disable=SC2046
expect_contains "synonym cpas -> centre public d'action sociale" "$cpas_syn" \
    $(t french_text "cpas") $(t french_text "centre public d'action sociale")
# shellcheck disable=SC2046
expect_contains "synonym centre public d'action sociale -> cpas" "$(t french_search "centre public d'action sociale")" \
    $(t french_text "cpas")
# shellcheck disable=SC2046
expect_contains "synonym ROI -> règlement d'ordre intérieur" "$(t french_search "ROI")" \
    $(t french_text "règlement d'ordre intérieur")
expect_eq "no synonyms at index time" "$(t french_text "CPAS")" "$(t french_text "cpas")"

expect_eq "edge_ngram filter" "$(t autocomplete "Logement")" "lo log loge logem logeme logemen logement"
expect_eq "edge_ngram tokenizer" "$(t autocomplete_t "Été 2024")" "ét été 20 202 2024"
expect_eq "asciifolding preserve_original" "$(t fold_keep_a "Été")" "ete été"
expect_eq "lenient synonyms (stop-word rule skipped)" "$(t lenient_a "foo")" "foo bar"
expect_eq "html_strip" "$(t html_a "<p>Le <b>CPAS</b></p>")" "le cpas"
expect_eq "word_delimiter_graph" "$(t wdg_a "Wi-Fi")" "wi-fi wi fi"
# Lucene's FrenchAnalyzer: elision, lowercase, French stop words, light French stemmer (no accent folding).
expect_eq "french analyzer type" "$(t fr_builtin "l'habitat des Logements")" "habitat loge"
expect_eq "french pre-built analyzer" "$(t french "l'habitat des Logements")" "habitat loge"
expect_eq "normalizer lowercase+asciifolding" \
    "$(tokens '{"normalizer": "folding", "text": "Élodie Dupré"}')" "elodie dupre"
expect_eq "stemmer french (snowball)" \
    "$(tokens '{"tokenizer": "standard", "filter": ["lowercase", {"type": "stemmer", "language": "french"}], "text": "logements"}')" "log"
expect_eq "stemmer minimal_french" \
    "$(tokens '{"tokenizer": "standard", "filter": ["lowercase", {"type": "stemmer", "language": "minimal_french"}], "text": "logements"}')" "logement"
expect_eq "stemmer english" \
    "$(tokens '{"tokenizer": "standard", "filter": ["lowercase", {"type": "stemmer", "language": "english"}], "text": "housings"}')" "hous"
# Bare names in an index's analyzer resolve to the pre-configured filters (elision with French articles);
# so does _analyze without an index (with an index, ES resolves bare names to the configurable type).
expect_eq "pre-configured elision + asciifolding in an analyzer" "$(t preconf_a "l'Été")" "ete"
expect_eq "pre-configured elision + asciifolding, index-less _analyze" \
    "$(tokens '{"tokenizer": "standard", "filter": ["elision", "lowercase", "asciifolding"], "text": "l'"'"'Été"}' "")" "ete"
expect_eq "keyword tokenizer by name" \
    "$(tokens '{"tokenizer": "keyword", "filter": ["lowercase"], "text": "Rue de la Loi"}')" "rue de la loi"
if [[ -n "$SYN_SETTING" ]]; then
    expect_contains "synonyms_path (file in the config dir)" "$(t file_syn_a "SLSP")" slsp societe logement service public
fi

# A document goes in and is found through the synonyms and the stemmer.
curl -sS -m 30 -H 'Content-Type: application/json' -X PUT "$ES/$INDEX/_doc/1?refresh=true" \
    -d '{"title": "Les impayés de loyer au Centre Public d'"'"'Action Sociale", "body": "L'"'"'habitat"}' >/dev/null
hits="$(curl -sS -m 30 -H 'Content-Type: application/json' -X POST "$ES/$INDEX/_search" \
    -d '{"query": {"match": {"title": {"query": "impayé CPAS", "operator": "and"}}}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"]["total"]["value"])')"
expect_eq "search 'impayé CPAS' finds the document" "$hits" "1"
hits="$(curl -sS -m 30 -H 'Content-Type: application/json' -X POST "$ES/$INDEX/_search" \
    -d '{"query": {"match": {"title.autocomplete": "impa"}}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"]["total"]["value"])')"
expect_eq "autocomplete 'impa' finds the document" "$hits" "1"

echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
((FAILURES == 0))
