"""Listen: turn many contributions (interviews, essays, dialogues, comments) into themes.

Modules, one job each:

- ``records``   typed contributions, claims, quotes and themes
- ``jsonl``     read contributions from JSON Lines (one clear error per bad line)
- ``claims``    split a contribution into claims (sentences) with character offsets
- ``embed``     offline sentence vectors from the WordLlama model shipped in its PyPI package
- ``minilm``    all-MiniLM-L6-v2 run with numpy from its PyPI package (optional extra)
- ``vectors``   the vectors claims are clustered on (WordLlama + character n-gram LSA)
- ``cluster``   k-means with a size-driven k, centrality
- ``themes``    the theme finder: claims → clusters → key point, quotes, counts
- ``refine``    optional: the trained matcher decides which claims support a theme
- ``language``  the given or guessed language of a contribution
- ``argkp``     the IBM ArgKP-2021 key point data set
- ``metric``    the ArgKP-2021 shared task metric (strict and relaxed mAP)
- ``features``  features of (argument, key point) pairs
- ``matcher``   the trained key point matchers (gradient boosting over ``features``, blended
  with ``crossencoder``)
- ``crossencoder`` a fine-tuned MiniLM cross-encoder for (argument, key point) pairs, numpy only
- ``coverage``  how many human key points one generated theme recovers
- ``polis``     Polis open data comments as contributions
- ``readers``   text out of .txt, .md, .docx and .pdf files
- ``dialogue``  speaker turns of a transcript
- ``intake``    submissions with type, country, language, consent and anonymity
- ``batch``     files and JSON Lines to submissions (``civicspace listen import``)
- ``synthesis`` stored projects: contributions in, themes recomputed around analysts' edits
- ``edits``     analysts' edits: rename, merge, split, move, codebook labels, publish
- ``codes``     a theme's codebook labels from the coder's cue lexicon
- ``report``    a project's report as typed records (themes, quotes, contributions, breakdowns)
- ``links``     themes and published incidents, both ways
"""
