"""Importing the source systems' exports: validated, atomic, idempotent, audited.

- ``pipeline.import_file(root, kind, path, user=, strict=, options=)`` → ``ImportResult``;
  ``preview_file`` reports the same without writing; ``history`` and ``quarantine_file`` for the
  admin page; ``KINDS`` lists the import kinds.
- One reader module per source (happyornot, open311, surveys, cases, ombudsman, organisation) on
  ``finnish_csv`` (Finnish CSV/Excel reality) and ``validation`` (row errors in Finnish and English).
- ``privacy``: open text masking and retention; ``export``: a warehouse slice in each source format.
"""
