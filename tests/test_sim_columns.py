"""The light columns a run hands over (probisnis.sim.columns) against pandas and numpy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from probisnis.errors import UsageError
from probisnis.sim.columns import Coded, Columns, columns_of, distinct, groups, numbered


@pytest.mark.parametrize("seed", range(8))
def test_groups_equal_numpy_unique_of_the_rows(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 4000))
    keys = [rng.integers(-1, high, n) for high in (3, 7, 2, 40, 10**9)][: int(rng.integers(1, 6))]
    if seed % 2:  # a key with one value (one replication), first or among the others
        keys.insert(int(rng.integers(0, len(keys) + 1)), np.full(n, seed, dtype=np.int64))
    if seed == 3:  # every key with one value
        keys = [np.full(n, 2), np.zeros(n, dtype=np.int64)]
    rows, group = groups(*keys)
    want, inverse = np.unique(np.stack(keys, axis=1), axis=0, return_inverse=True)
    assert rows.tolist() == want.tolist()
    assert group.tolist() == inverse.reshape(-1).tolist()


@pytest.mark.parametrize("seed", range(8))
def test_numbered_equals_numpy_unique_with_inverse(seed):
    """Both of its ways (a table over a small range, a sort over a wide one) give
    numpy.unique's arrays, dtype included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 3000))
    for low, high in ((-1, 3), (0, 40), (5, 9000), (-10**12, 10**12), (7, 8), (3, 4)):
        key = rng.integers(low, high, n)
        values, index = numbered(key)
        want, inverse = np.unique(key, return_inverse=True)
        assert values.dtype == np.int64 and index.dtype == np.int64
        assert values.tolist() == want.tolist()
        assert index.tolist() == inverse.reshape(-1).tolist()


@pytest.mark.parametrize("values", [[], [3], [2, 2], [5, -1, 5, 0, 7, -1], [0.5, 0.25, 0.5]])
def test_distinct_equals_numpy_unique(values):
    assert distinct(np.array(values)).tolist() == np.unique(np.array(values)).tolist()


def test_coded_columns_become_the_contract_frame_and_back():
    log = Columns({"case": np.array([0, 1, 1, 2], dtype=np.int64),
                   "element": Coded(np.array([1, 0, -1, 1], dtype=np.int8), ["a", "b"]),
                   "status": Coded(np.array([0, 0, 1, 0]), ["finished", "in_flight"],
                                   category=False),
                   "t": np.array([0.5, 1.0, np.nan, 2.0])})
    frame = log.frame()
    assert list(frame.columns) == ["case", "element", "status", "t"]
    assert isinstance(frame["element"].dtype, pd.CategoricalDtype)
    assert frame["element"].tolist()[:2] == ["b", "a"] and pd.isna(frame["element"][2])
    # plain strings: object under pandas 2, the default string dtype under pandas 3
    assert frame["status"].dtype == object or pd.api.types.is_string_dtype(frame["status"])
    assert not isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert frame["status"].tolist() == ["finished", "finished", "in_flight", "finished"]
    back = columns_of(frame, ("case", "element"), "log")
    assert back.coded("element").values().tolist() == ["b", "a", None, "b"]
    assert back.array("status").tolist() == frame["status"].tolist()
    assert back.array("t")[:2].tolist() == [0.5, 1.0]


def test_concat_joins_the_tables_of_names():
    one = Columns({"x": Coded([0, 1], ["p", "q"]), "v": np.array([1.0, 2.0])})
    two = Columns({"x": Coded([1, -1, 0], ["q", "r"]), "v": np.array([3.0, 4.0, 5.0])})
    both = Columns.concat([one, two])
    assert both.coded("x").values().tolist() == ["p", "q", "r", None, "q"]
    assert both.array("v").tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert both.take(np.array([4, 0])).coded("x").values().tolist() == ["q", "p"]


def test_a_missing_column_and_unequal_lengths_are_refused():
    with pytest.raises(UsageError, match=r"case table lacks columns \['status'\]"):
        columns_of({"case_id": [1]}, ("case_id", "status"), "case table")
    with pytest.raises(UsageError, match="differ in length"):
        Columns({"a": np.zeros(2), "b": np.zeros(3)})


def test_strings_from_a_mapping_are_coded_without_pandas():
    coded = columns_of({"s": ["b", None, "a", "b", float("nan")]}, ("s",), "t").coded("s")
    assert coded.values().tolist() == ["b", None, "a", "b", None]
    assert coded.equals("b").tolist() == [True, False, False, True, False]
    assert coded.equals("zzz").tolist() == [False] * 5


@pytest.mark.parametrize("replications", [1, 3])
def test_the_light_kpis_are_the_frames_kpis(replications):
    """One computation: the KPIs and summary records the terminal prints (from the light
    columns) equal, to the bit, those of the DataFrames the API gives."""
    from pathlib import Path

    from probisnis.present.estimates import clip_ci, clipped_records
    from probisnis.sim import load_scenario, simulate
    from probisnis.sim.kpis import kpi_rows, kpis, parallel_batches_of
    from probisnis.sim.stats import summarize, summary_rows

    root = Path(__file__).resolve().parents[1]
    result = simulate(load_scenario(root / "simulations" / "m1_revisi_30.toml"), cases=40,
                      replications=replications, seed=5)
    options = {"calendars": dict(result.calendars),
               "process_calendar": result.process_calendar,
               "horizon": dict(enumerate(result.ends)), "warmup_cases": 3,
               "parallel_batches": parallel_batches_of(result)}
    rows = kpi_rows(result.light("log"), result.light("cases"), result.light("resources"),
                    **options)
    frame = kpis(result.log, result.cases, result.resources, **options)
    assert isinstance(result.log, pd.DataFrame)  # the frames were made from the columns
    assert _nan_free(frame.itertuples(index=False, name=None)) == _nan_free(rows)
    light = clipped_records(summary_rows(rows))
    table = clip_ci(summarize(frame)).to_dict("records")
    assert _nan_free(r.values() for r in light) == _nan_free(r.values() for r in table)
    assert len(light) > 20 and {"cycle_time", "utilization"} <= {r["name"] for r in light}


def _nan_free(rows):
    """Rows as tuples of Python values with NaN as a string: compared exactly."""
    return [tuple("NaN" if isinstance(v, float) and v != v else
                  v.item() if hasattr(v, "item") else v for v in row) for row in rows]
