"""newsevents: the extraction core. Plain functions on batches; nothing here knows about Prefect."""

__version__ = "0.1.0"
