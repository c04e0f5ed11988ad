"""Themes of open feedback, computed on this machine from a reviewed lexicon.

- ``lexicon``: the theme lexicon (``lexicon.toml``, a reviewed data file) and its labels;
- ``analysis``: language, tokens, lemmas (simplemma's shipped dictionaries) and compound parts
  matched against the lexicon, so every theme of a text is explained by the words that matched;
- ``derive``: the ``feedback_theme`` fact rows of stored open text, written with the text in
  the same batch (new records, newer record versions, retention, a rebuild after a lexicon change).

Nothing is downloaded: the lemma data and the language model ship inside the installed wheels.
"""
