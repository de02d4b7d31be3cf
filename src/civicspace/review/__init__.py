"""The review stage: people decide what the machine proposed.

    roles.py      who may do what (the role matrix), ``Forbidden``
    accounts.py   users: argon2id passwords, password policy, create, disable
    fields.py     reviewer edits validated against the codebook
    actions.py    accept, reject, edit, merge, split, mark duplicate, publish, withdraw, reopen
    queue.py      the queue of proposed incidents: filters, order, pages; one incident's view
    evidence.py   supporting sentences of a source, as highlighted segments
    history.py    an incident's revisions beside the machine's immutable codings
    training.py   reviewers' decisions as training pairs for the coder
    create.py     a proposed incident from a machine coding
    demo.py       proposed incidents and a demo account for ``make demo``

Every change goes through :func:`civicspace.incidents.history.apply_changes`, so every decision
has a revision: who (``user:<id>``), when, what changed, why. Nothing here imports the web.
"""
