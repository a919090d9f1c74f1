"""Scenario TOML files: loading the bundled ones, and every error naming file and dotted key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from probisnis.errors import ScenarioError
from probisnis.sim import load_scenario, simulate
from probisnis.sim.expressions import compile_condition, parse_iso_duration
from probisnis.sim.scenario import parse_span

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "sim"

BASE = """
model = "{model}"
process = "P_rework"
cases = 5
[calendar]
holidays = false
[arrivals]
rate = 10
per = "d"
[resources.staff]
count = 2
lanes = []
[tasks.T]
duration = {{ dist = "triangular", min = 1, mode = 2, max = 4, unit = "h" }}
resource = "staff"
[gateways.G_ok]
f_ok = 0.9
f_redo = 0.1
"""


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).replace("{model}", str(DATA / "rework.bpmn")),
                    encoding="utf-8")
    return path


def base(tmp_path: Path, extra: str = "", drop: str = "") -> Path:
    text = BASE.replace("{{", "{").replace("}}", "}")
    if drop:
        text = text.replace(drop, "")
    return write(tmp_path, text + textwrap.dedent(extra))


def error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


BUNDLED = [*sorted((ROOT / "simulations").glob("*.toml")), DATA / "permit.toml"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_bundled_scenarios_load_and_run(path: Path) -> None:
    s = load_scenario(path)
    r = simulate(s, cases=20, replications=1)
    assert (r.cases["status"] == "finished").all(), path
    assert not s.warnings, s.warnings  # every task, gateway and lane is given


def test_the_default_scenario_is_bundled() -> None:
    assert ROOT / "simulations" / "m1_sekretariat_daerah.toml" in BUNDLED


def test_valid_base_scenario(tmp_path: Path) -> None:
    s = load_scenario(base(tmp_path))
    assert s.process_id == "P_rework" and s.cases == 5
    assert s.tasks["T"].pool == "staff"
    assert s.tasks["T"].duration.mean == pytest.approx((1 + 2 + 4) / 3 * 3600)
    assert s.arrivals.interarrival is not None
    assert s.arrivals.interarrival.mean == pytest.approx(86400 / 10)


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        ("[tasks.T_foo]\nduration = { dist = \"fixed\", value = 1 }\n", "tasks.T_foo",
         "id tugas 'T_foo' tidak ada di proses P_rework"),
        ("[gateways.G_nope]\nf1 = 1.0\n", "gateways.G_nope", "id gerbang"),
        ("[gateways.G_join]\nf2 = 1.0\n", "gateways.G_join", "bukan gerbang eksklusif"),
        ("[resources.boss]\ncount = 1\nlanes = [\"L_nope\"]\n", "resources.boss.lanes",
         "id lajur 'L_nope' tidak ada"),
        ("[resources.boss]\ncount = -1\n", "resources.boss.count", "bilangan bulat >= 1"),
        ("[resources.boss]\navailability = 1.5\n", "resources.boss.availability", "<= 1"),
        ("[attributes.x]\nvalues = [1, 2]\nprobabilities = [0.5, 0.6]\n",
         "attributes.x.probabilities", "berjumlah 1"),
        ("[timers.T]\nduration = { dist = \"fixed\", value = 1 }\n", "timers.T",
         "id peristiwa timer"),
        ("[arrivals.surprise]\n", "arrivals.surprise", "kunci tidak dikenal"),
    ],
)
def test_errors_name_the_file_and_the_dotted_key(tmp_path: Path, extra: str, key: str,
                                                 words: str) -> None:
    path = base(tmp_path, extra)
    err = error(path)
    assert err.element_id == key
    assert err.path == str(path)
    assert words in err.message
    assert str(err).startswith(f"{path}: [{key}]")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, "surprise = 1\n" + base(tmp_path).read_text(), "u.toml")
    err = error(path)
    assert err.element_id == "surprise" and "kunci tidak dikenal" in err.message


def test_probabilities_must_sum_to_one(tmp_path: Path) -> None:
    path = base(tmp_path, "[gateways.G_ok]\nf_ok = 0.9\nf_redo = 0.2\n",
                drop="[gateways.G_ok]\nf_ok = 0.9\nf_redo = 0.1\n")
    err = error(path)
    assert err.element_id == "gateways.G_ok" and "berjumlah 1" in err.message


def test_probabilities_within_tolerance_are_accepted(tmp_path: Path) -> None:
    path = base(tmp_path, "[gateways.G_ok]\nf_ok = 0.7\nf_redo = 0.30000000000000004\n",
                drop="[gateways.G_ok]\nf_ok = 0.9\nf_redo = 0.1\n")
    assert load_scenario(path).branching["G_ok"]["f_ok"] == 0.7


def test_unknown_flow_of_a_gateway(tmp_path: Path) -> None:
    path = base(tmp_path, "[gateways.G_ok]\nf_ok = 0.9\nf_other = 0.1\n",
                drop="[gateways.G_ok]\nf_ok = 0.9\nf_redo = 0.1\n")
    err = error(path)
    assert err.element_id == "gateways.G_ok.f_other" and "f_ok, f_redo" in err.message


def test_bad_distribution_spec_names_its_key(tmp_path: Path) -> None:
    path = base(tmp_path, drop='duration = { dist = "triangular", min = 1, mode = 2, max = 4, '
                'unit = "h" }', extra="")
    err = error(path)
    assert err.element_id == "tasks.T.duration" and "tidak ada" in err.message
    text = base(tmp_path).read_text().replace('dist = "triangular"', 'dist = "weibull"')
    err = error(write(tmp_path, text, "w.toml"))
    assert err.element_id == "tasks.T.duration" and "dist" in err.message


def test_unknown_resource_reference(tmp_path: Path) -> None:
    text = base(tmp_path).read_text().replace('resource = "staff"', 'resource = "ghost"')
    err = error(write(tmp_path, text, "g.toml"))
    assert err.element_id == "tasks.T.resource" and "ghost" in err.message


def test_missing_model_and_process(tmp_path: Path) -> None:
    text = base(tmp_path).read_text()
    err = error(write(tmp_path, text.replace(str(DATA / "rework.bpmn"), "nope.bpmn"), "m.toml"))
    assert err.element_id == "model" and "tidak ditemukan" in err.message
    err = error(write(tmp_path, text.replace('process = "P_rework"', 'process = "P_x"'),
                      "p.toml"))
    assert err.element_id == "process" and "P_rework" in err.message


def test_model_path_is_relative_to_the_scenario_file(tmp_path: Path) -> None:
    sub = tmp_path / "simulations"
    sub.mkdir()
    models = tmp_path / "processes"
    models.mkdir()
    (models / "rework.bpmn").write_bytes((DATA / "rework.bpmn").read_bytes())
    text = base(tmp_path).read_text().replace(str(DATA / "rework.bpmn"),
                                              "../processes/rework.bpmn")
    s = load_scenario(write(sub, text))
    assert s.model.path.endswith("processes/rework.bpmn")


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("model = [unclosed", encoding="utf-8")
    err = error(bad)
    assert "bukan TOML yang sah" in err.message and err.path == str(bad)
    err = error(tmp_path / "none.toml")
    assert "tidak ditemukan" in err.message


def test_arrival_batches_and_horizon(tmp_path: Path) -> None:
    text = base(tmp_path).read_text().replace("cases = 5", 'horizon = "30d"')
    text += '[[arrivals.batch]]\nat = 2025-01-06T08:00:00\nsize = 7\n'
    s = load_scenario(write(tmp_path, text, "b.toml"))
    assert s.cases is None and s.horizon == 30 * 86400
    assert s.arrivals.batches == ((0.0, 7),)
    r = simulate(s)
    assert (r.cases["arrival"] == 0).sum() >= 7


def test_calls_and_attributes_in_conditions_are_refused() -> None:
    with pytest.raises(ScenarioError, match="'__import__' tidak diperbolehkan"):
        compile_condition("__import__('os').system('true')", where="f1")
    with pytest.raises(ScenarioError, match="'__class__' tidak diperbolehkan"):
        compile_condition("x.__class__", where="f1")
    with pytest.raises(ScenarioError, match="bukan ekspresi yang sah"):
        compile_condition("a ==", where="f1")
    cond = compile_condition('${bentuk == "tim" && !selesai}', where="f1")
    assert cond({"bentuk": "tim", "selesai": False}) is True
    assert cond({"bentuk": "tim", "selesai": True}) is False
    assert compile_condition("k in ['a', 'b']", where="f")({"k": "b"}) is True
    assert cond.names == {"bentuk", "selesai"}


def test_iso_durations_and_spans() -> None:
    assert parse_iso_duration("PT2H") == 7200
    assert parse_iso_duration("P3D") == 3 * 86400
    assert parse_iso_duration("P1DT4H30M") == 86400 + 4.5 * 3600
    assert parse_iso_duration("PT0.5S") == 0.5
    for bad in ("P", "PT", "2H", "P1H", "P1DT"):
        with pytest.raises(ValueError):
            parse_iso_duration(bad)
    assert parse_span("90d", where="h", path=None) == 90 * 86400
    assert parse_span("1y", where="h", path=None) == 365.25 * 86400
    with pytest.raises(ScenarioError):
        parse_span("soon", where="horizon", path="x.toml")


def test_the_example_in_docs_loads(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "simulation.md").read_text(encoding="utf-8")
    block = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"  # paths in the example are relative to simulations/
    path.write_text(block.replace('"../processes', f'"{ROOT / "processes"}'), encoding="utf-8")
    s = load_scenario(path)
    assert s.process_id == "M1_mekanisme" and s.replications == 5
    assert s.pools["SEKDA"].availability == 0.8
    assert s.case_priority == (("lintas_unit == true", 2), ('bentuk == "tim"', 1))
    r = simulate(s, cases=5, replications=1)
    assert (r.cases["status"] == "finished").all()
    # the lanes the example leaves out get one person each, and say so
    assert any("M1b_L_JFJP" in w for w in r.warnings)


def test_variants_extend_the_base_scenario() -> None:
    base = load_scenario(ROOT / "simulations" / "m1_sekretariat_daerah.toml")
    more = load_scenario(ROOT / "simulations" / "m1_kegiatan_bertambah.toml")
    fewer = load_scenario(ROOT / "simulations" / "m1_jfjp_berkurang.toml")
    assert base.arrivals.interarrival is not None and more.arrivals.interarrival is not None
    assert more.arrivals.interarrival.mean == pytest.approx(base.arrivals.interarrival.mean / 2)
    assert more.arrivals.batches == base.arrivals.batches
    assert fewer.pools["JFJP"].count == 12 and fewer.pools["JFJP"].availability == 0.5
    assert fewer.pools["JFJP"].name == base.pools["JFJP"].name  # merged, not replaced
    assert fewer.tasks.keys() == base.tasks.keys() and fewer.model.path == base.model.path
    assert not more.warnings and not fewer.warnings


def test_variant_keys_replace_their_alternatives(tmp_path: Path) -> None:
    base_path = base(tmp_path)
    sub = tmp_path / "variants"
    sub.mkdir()
    variant = sub / "v.toml"
    variant.write_text('extends = "../s.toml"\nhorizon = "10d"\n[arrivals]\n'
                       'interarrival = { dist = "fixed", value = 3600 }\n', encoding="utf-8")
    s = load_scenario(variant)
    assert base_path.name == "s.toml"
    assert s.cases is None and s.horizon == 10 * 86400  # the base's cases are dropped
    assert s.arrivals.interarrival is not None and s.arrivals.interarrival.mean == 3600
    assert s.model.path.endswith("rework.bpmn")


def test_a_variant_giving_a_duration_another_law_keeps_none_of_the_old_parameters(
        tmp_path: Path) -> None:
    """The base's triangular ``min/mode/max`` are nothing to an exponential: a variant that
    writes ``{dist = "exponential", mean = 2}`` gets exactly that, in the base's unit (it was
    refused with "kunci mode tidak dikenal", a key the analyst never wrote); the same law
    is still merged key by key."""
    from probisnis.sim.distributions import Exponential

    m1 = ROOT / "simulations" / "m1_sekretariat_daerah.toml"
    variant = tmp_path / "v.toml"
    variant.write_text(f'extends = "{m1.as_posix()}"\n[tasks.M1a_susun_pk]\n'
                       'duration = { dist = "exponential", mean = 2 }\n', encoding="utf-8")
    base_law = load_scenario(m1).tasks["M1a_susun_pk"].duration
    law = load_scenario(variant).tasks["M1a_susun_pk"].duration
    assert isinstance(law, Exponential)
    assert law.mean == pytest.approx(2 * 7.5 * 3600)  # the base's unit: working days
    variant.write_text(f'extends = "{m1.as_posix()}"\n[tasks.M1a_susun_pk]\n'
                       'duration = { dist = "triangular", mode = 4 }\n', encoding="utf-8")
    tweaked = load_scenario(variant).tasks["M1a_susun_pk"].duration
    assert tweaked.mean == pytest.approx(base_law.mean + 7.5 * 3600 / 3)  # (2 + 4 + 5) / 3


def test_variant_errors(tmp_path: Path) -> None:
    loop = tmp_path / "a.toml"
    loop.write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    err = error(loop)
    assert err.element_id == "extends" and "memperluas dirinya sendiri" in err.message
    lost = tmp_path / "c.toml"
    lost.write_text('extends = "nowhere.toml"\n', encoding="utf-8")
    err = error(lost)
    assert err.element_id == "extends" and "tidak ditemukan" in err.message


def test_unreadable_library_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a_broken.bpmn").write_text("<not-bpmn", encoding="utf-8")
    (lib / "call_child.bpmn").write_bytes((DATA / "call_child.bpmn").read_bytes())
    path = tmp_path / "c.toml"
    path.write_text(f'model = "{DATA / "call_parent.bpmn"}"\nlibrary = ["lib"]\ncases = 2\n'
                    '[calendar]\nholidays = false\n[arrivals]\nrate = 1\nper = "h"\n'
                    '[resources.L_child]\ncount = 1\n'
                    '[defaults]\nduration = { dist = "fixed", value = 60 }\n',
                    encoding="utf-8")
    s = load_scenario(path)
    assert any("a_broken.bpmn" in w and "skipped" in w for w in s.warnings)
    assert (simulate(s).cases["status"] == "finished").all()
    # a library file named on its own must be readable
    path.write_text(path.read_text().replace('["lib"]', '["lib/a_broken.bpmn", "lib"]'),
                    encoding="utf-8")
    from probisnis.errors import BpmnError

    with pytest.raises(BpmnError):
        load_scenario(path)
