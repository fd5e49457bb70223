"""goodsgov.observed.votes, the UN General Assembly votes on the 2018 global compacts.

Reference counts are those of Voeten's UN General Assembly voting data as packaged in
``unvotes`` (github.com/dgrtwo/unvotes, commit 7eb7034, data/un_votes.rda), read with
rdata 1.1.0 when the file was built: roll call 6140 (unres R/73/195, 2018-12-19) and
6135 (R/73/151, 2018-12-17). Independent reports agree on the totals and the "no" votes:
GCM 152-5-12 with 24 members not voting, no = Czech Republic, Hungary, Israel, Poland,
United States (e.g. thequint.com and xinhuanet.com, 19-20 Dec 2018); GCR 181-2-3,
no = Hungary, United States (UN press release of 17 Dec 2018 as stored on reliefweb.int).
That press release names Eritrea, Liberia, Libya as abstaining, where the data code the
Dominican Republic, Eritrea, Libya (and Liberia yes): shipped as in the data, documented
in SOURCES.md.
"""

import csv
import importlib
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from pinned_builds import load_build, skip_unless_fetched, skip_unless_rebuild_asked

import goodsgov.world as world
from goodsgov.errors import ValidationError

V = importlib.import_module("goodsgov.observed.votes")

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "build_observed_votes.py"

TOTALS = {"gcm_2018": {"yes": 152, "no": 5, "abstain": 12, "absent": 24},
          "gcr_2018": {"yes": 181, "no": 2, "abstain": 3, "absent": 7}}
NO = {"gcm_2018": {"CZE", "HUN", "ISR", "POL", "USA"}, "gcr_2018": {"HUN", "USA"}}
ABSTAIN_GCR = {"DOM", "ERI", "LBY"}


@pytest.mark.parametrize("name", V.VOTES)
def test_one_row_per_member_state(name):
    table = V.vote(name)
    assert list(table.columns) == ["vote"] and table.index.name == "iso3"
    assert list(table.index) == sorted(world.countries().index) and len(table) == 193
    assert set(table["vote"].astype(str)) <= set(V.CHOICES)
    assert list(table["vote"].cat.categories) == list(V.CHOICES)


@pytest.mark.parametrize("name", V.VOTES)
def test_totals_as_in_the_source(name):
    counts = V.vote(name)["vote"].value_counts()
    assert {k: int(counts[k]) for k in V.CHOICES} == TOTALS[name]
    assert set(V.vote(name).query("vote == 'no'").index) == NO[name]


def test_known_votes():
    gcm, gcr = V.vote("gcm_2018")["vote"], V.vote("gcr_2018")["vote"]
    assert set(gcr[gcr == "abstain"].index) == ABSTAIN_GCR
    # Serbia is "Yugoslavia" (COW 345) in unvotes: read as SRB
    assert gcm["SRB"] == "yes" and gcr["SRB"] == "yes"
    assert gcm["AUS"] == "abstain" and gcm["SVK"] == "absent" and gcm["DEU"] == "yes"
    # every state voting no on the refugee compact also voted no on the migration compact
    assert set(gcr[gcr == "no"].index) <= set(gcm[gcm == "no"].index)


def test_copies_are_handed_out():
    first = V.vote("gcm_2018")
    first.loc["USA", "vote"] = "yes"
    first.loc["DEU", "vote"] = "absent"
    again = V.vote("gcm_2018")
    assert again.loc["USA", "vote"] == "no" and again.loc["DEU", "vote"] == "yes"


@pytest.mark.parametrize("bad", ["gcm2018", "GCM_2018", "", None, 2018, ["gcm_2018"]])
def test_unknown_names_are_refused(bad):
    with pytest.raises(ValidationError,
                       match="name = .* is invalid: must be one of 'gcm_2018', 'gcr_2018'"):
        V.vote(bad)


def test_suggestion():
    with pytest.raises(ValidationError, match="did you mean 'gcm_2018'"):
        V.vote("gcm_2108")


def test_the_shipped_file_is_sorted_and_complete():
    path = resources.files("goodsgov").joinpath("data", "observed", "votes.csv")
    with path.open("r", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["resolution", "iso3", "vote"]
    body = [tuple(r) for r in rows[1:]]
    assert body == sorted(body) and len(body) == 193 * len(V.VOTES)
    assert {r[0] for r in body} == set(V.VOTES)


def test_datasets_describe_the_votes():
    assert [d["name"] for d in V.DATASETS] == list(V.VOTES)
    for entry in V.DATASETS:
        assert set(entry) == {"name", "area", "description", "source", "version", "licence",
                              "records"}
        assert entry["records"] == len(V.vote(entry["name"]))
        assert "CC0" in entry["licence"]


def test_pinned_source_files_are_present_when_fetched():
    build = load_build("build_observed_votes")
    skip_unless_fetched(build)
    for rel, blob in build.BLOBS.items():
        assert build.blob_hash(build.SOURCE.read(build.DEFAULT_SOURCE, rel)) == blob


def test_build_check():
    build = load_build("build_observed_votes")
    skip_unless_fetched(build)
    skip_unless_rebuild_asked("about a minute (rdata parses 870k rows)")
    done = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "gcm_2018: 152 yes, 5 no, 12 abstain, 24 absent" in done.stdout


def test_vote_column_compares_as_text():
    table = V.vote("gcr_2018")
    assert isinstance(table["vote"].dtype, pd.CategoricalDtype)
    assert int((table["vote"] == "yes").sum()) == 181
