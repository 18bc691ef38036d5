"""The shared normalisation: case, accents and quote marks."""

from reader.textnorm import fold, fold_quotes, tokens, words


def test_accents_and_case_fold() -> None:
    assert fold("Jürgen") == fold("JURGEN") == "jurgen"
    assert fold("Mönchengladbach") == "monchengladbach"
    assert fold("Straße") == "strasse"
    assert fold("Ødegaard") == "odegaard"


def test_apostrophe_variants_split_words_the_same_way() -> None:
    assert words("Klopp's") == words("Klopp‘s") == words("Klopp’s") == ["klopp", "s"]
    assert words("fans’ pick") == words("fans' pick") == ["fans", "pick"]


def test_quote_folding_keeps_length() -> None:
    text = "“Hello,” she said ‘twice’"
    assert len(fold_quotes(text)) == len(text)
    assert fold_quotes(text) == "\"Hello,\" she said 'twice'"


def test_token_offsets_point_at_the_original_text() -> None:
    text = "Jürgen Klopp‘s side"
    found = list(tokens(text))
    assert [t.text for t in found] == ["jurgen", "klopp", "s", "side"]
    assert [text[t.start : t.end] for t in found] == ["Jürgen", "Klopp", "s", "side"]
