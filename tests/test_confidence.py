"""Calibrated confidence (newsevents/extract/confidence.py), issue 22: fitting it never touches the shipped
data/confidence.json (runs and tests may read it at the same time): the rows it fits from are simply not
calibrated (rows.second_opinion(calibrated=False))."""

from __future__ import annotations

import threading

from newsevents.extract import confidence, confidence_fit

SENTENCES = {
    0: "The foreign minister of {c} said the talks would continue next week.",
    1: "The presidents of {c} and Georgia met in Geneva to discuss the ceasefire.",
    2: "{c} sent fifty tonnes of food aid to the flooded region.",
    3: "{c} accused its neighbour of sabotage at the border.",
    4: "Troops from {c} shelled the village, killing five civilians.",
}
COUNTRIES = ["Azerbaijan", "Armenia", "Turkey", "Iran", "Russia", "Ukraine"]


def test_training_rows_never_touch_the_shipped_weights(tmp_path):
    """held_out_event_rows(calibrated=False) used to delete data/confidence.json while it refitted five folds (a run
    started meanwhile stored uncalibrated confidences) and to write it back after."""
    tsv = tmp_path / "labelled.tsv"
    tsv.write_text(
        "".join(f"{s.format(c=c)}\t{label}\n" for label, s in SENTENCES.items() for c in COUNTRIES), encoding="utf-8"
    )
    shipped = confidence.PATH.read_bytes()
    seen: set[bool] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.add(confidence.PATH.is_file())
            done.wait(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        rows, labels = confidence_fit.held_out_event_rows(str(tsv), str(tmp_path / "no-gold.jsonl"), calibrated=False)
    finally:
        done.set()
        watcher.join()
    assert seen == {True} and confidence.PATH.read_bytes() == shipped
    assert rows and len(labels) == len(SENTENCES) * len(COUNTRIES)
    before = [r["confidence"] for r in rows]
    confidence.calibrate(rows)  # they were not calibrated: calibrating now changes them
    assert [r["confidence"] for r in rows] != before
