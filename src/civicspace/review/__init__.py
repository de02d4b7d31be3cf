"""The review stage: people decide what the machine proposed.

    edits.py      reviewer edits validated against the codebook
    actions.py    accept, reject, edit, merge, split, mark duplicate, publish, withdraw, reopen
    queue.py      the queue of proposed incidents: filters, order, pages; one incident's view
    highlights.py supporting sentences of a source, as highlighted segments
    history.py    an incident's revisions beside the machine's immutable codings
    training.py   reviewers' decisions as training pairs for the coder

Who may do what is :mod:`civicspace.accounts`'s; a new incident (a split) comes from
:mod:`civicspace.incidents.factory`. Every change goes through
:func:`civicspace.incidents.revisions.apply_changes`, so every decision has a revision: who
(``user:<id>``), when, what changed, why. Nothing here imports the web.
"""
