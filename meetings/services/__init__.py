"""Writes, by sub-domain (import from the module that holds what you need):

- ``readers``: bytes, files and HTML pages to article text (no database; ``ingest``, ``extract`` and
  the upload read by the same rules);
- ``ingest``: registering articles, extracting them and storing what each reports;
- ``matching``: the stored meeting an article's report is another source of; a meeting recomputed
  from its sources;
- ``people``: what the batch and the archive know of a name;
- ``uploads``: an upload batch and its verdicts;
- ``corrections``: merges, splits, edits and retries by staff;
- ``invalidation``: the data version every write bumps.

Imports run one way: readers, invalidation <- matching, people <- ingest <- meetings.tasks <- uploads,
corrections.
"""
