"""The DuckDB warehouse and the Parquet lake: loading, locking, marts."""
