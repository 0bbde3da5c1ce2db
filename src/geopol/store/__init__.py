"""geopol's SQLite store: schema and migrations, idempotent writes, queries.

    >>> from geopol.store import Store
    >>> with Store("geopol.db") as store:
    ...     store.write(result)              # False if already stored unchanged
    ...     store.events(actor="KAZ", type="REQUEST", since="2022")
    ...     store.search('CSTO "troops"')

The tables (documents, sentences + sentences_fts, events, event_actors,
mentions, discarded, errors, migrations) are plain SQLite, so sqlite-utils,
datasette or the ``sqlite3`` shell can read them directly.
"""
from geopol.store.schema import MIGRATIONS
from geopol.store.sqlite import Store, StoreError
from geopol.store.write import content_hash

__all__ = ["MIGRATIONS", "Store", "StoreError", "content_hash"]
