"""Writes, by sub-domain (import from the module that holds what you need):

- ``readers``: bytes, files and HTML pages to article text (no database; ``ingest``, ``extract`` and
  the upload read by the same rules);
- ``ingest``: registering articles, extracting them and storing what each reports;
- ``matching``: the stored meeting an article's report is another source of; a meeting recomputed
  from its sources;
- ``people``: what the batch and the archive know of a name;
- ``uploads``: an upload batch and its verdicts;
- ``corrections``: merges, splits, edits, deletions and retries by staff;
- ``decisions``: those of staff kept as records by lasting keys, and applied again after ingests;
- ``invalidation``: the data version every write bumps.

Imports run one way: readers, invalidation <- matching, people <- decisions <- ingest <- meetings.tasks
<- uploads, corrections (``decisions`` reaches back to ``corrections`` only inside the functions
that apply a decision, when both are loaded).
"""
