"""Pipeline stages as jobs on PostgreSQL (procrastinate): many workers on many machines.

    queue.py   does this database have a job queue (PostgreSQL), its connection string
    app.py     the procrastinate App built from Settings.database_url, with the tasks
    tasks.py   one task per machine stage, periodic polling, rating and stalled-job rescue
    admin.py   the queue's schema, listing and retrying jobs (CLI and desk)
    worker.py  running a worker process

Nothing here is imported on SQLite: there the pipeline runs inline
(:func:`civicspace.pipeline.run_inline`). See docs/jobs.md.
"""
