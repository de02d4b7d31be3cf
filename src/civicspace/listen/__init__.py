"""Listen: turn many contributions (interviews, essays, dialogues, comments) into themes.

Modules, one job each:

- ``records``   typed contributions, claims, quotes and themes
- ``jsonl``     read contributions from JSON Lines (one clear error per bad line), write themes
- ``claims``    split a contribution into claims (sentences) with character offsets
- ``embed``     offline sentence vectors from the WordLlama model shipped in its PyPI package
- ``cluster``   group claim vectors into themes and sub-themes
- ``themes``    the theme finder: claims → clusters → key point, quotes, counts
- ``argkp``     the IBM ArgKP-2021 key point data set
- ``metric``    the ArgKP-2021 shared task metric (strict and relaxed mAP)
- ``features``  features of (argument, key point) pairs
- ``matcher``   the trained key point matcher (gradient boosting over ``features``)
- ``coverage``  how many human key points one generated theme recovers
"""
