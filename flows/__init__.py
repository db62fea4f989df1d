"""Prefect flows: a thin shell over newsevents.pipeline (wiring, retries, logs, artifacts)."""
