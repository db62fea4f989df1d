"""What types can an event have, and how does each behave? (newsevents/extract/taxonomy.py, event_types.csv)"""

import pytest

from newsevents.extract.taxonomy import BEHAVIOURS, load_taxonomy
from newsevents.resources import DataFileError
from newsevents.settings import Settings


def test_every_cameo_root_has_a_type():
    taxonomy = load_taxonomy()
    for root in range(1, 21):
        t = taxonomy.for_code(f"{root:02d}0")
        assert t is not None and t.cameo_root == f"{root:02d}"


def test_behaviour_is_the_types_not_the_codes():
    taxonomy = load_taxonomy()
    assert taxonomy.for_code("183").violent and taxonomy.for_code("1831").violent
    assert taxonomy.for_code("010").statement and not taxonomy.for_code("040").statement
    assert taxonomy.for_code("190").vague and not taxonomy.for_code("192").vague  # a finer code is no longer vague
    assert taxonomy.for_code("163").eased_code == "085"
    assert set(BEHAVIOURS) >= {"statement", "violent", "joint", "about"}


def test_event_type_added_through_the_data_dir(tmp_path, monkeypatch):
    """A type added in NEWSEVENTS_DATA_DIR/event_types.csv is loaded with its behaviour, types the codes under it,
    and the run validates against it (no hard-coded list)."""
    (tmp_path / "event_types.csv").write_text(
        "event_type,cameo_code,acled_event_type,acled_sub_event_type,governing,victims,symmetric,behaviour,"
        "eased_code,description\n"
        "hostage_taking,181,Violence against civilians,Abduction/forced disappearance,0,1,0,violent,,Abductions.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSEVENTS_DATA_DIR", str(tmp_path))
    taxonomy = load_taxonomy(Settings.from_env().data_dir)
    assert taxonomy["hostage_taking"].victims and taxonomy["hostage_taking"].violent
    assert taxonomy.for_code("1811").event_type == "hostage_taking"
    assert load_taxonomy(None).for_code("1811").event_type == "assault"  # without the extra file: the root's type


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("odd,1x0,,,0,0,0,,,x", "cameo_code '1x0' should be a CAMEO code"),
        ("odd,180,,,0,0,0,loud,,x", "unknown behaviour loud"),
    ],
)
def test_a_bad_type_row_names_the_file_and_line(tmp_path, row, message):
    (tmp_path / "event_types.csv").write_text(
        "event_type,cameo_code,acled_event_type,acled_sub_event_type,governing,victims,symmetric,behaviour,"
        f"eased_code,description\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=rf"event_types.csv, line 2: {message}"):
        load_taxonomy(str(tmp_path))
