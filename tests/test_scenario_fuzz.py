"""Broken scenarios generated at random: the only allowed outcomes are a valid scenario or a
ScenarioError that names the file. Any other exception (a traceback for the user) fails."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.scenario import Scenario, library, load_scenario, parse_set, validate
from sim.scenario.levers import FEATURES
from sim.scenario.parameters import REGISTRY

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = sorted(REGISTRY)
SOURCES = [p.read_text(encoding="utf-8") for p in library()]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["light", "heavy", "needs_based", "true", "1e9", "", "~", "0x10"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def outcome(path: Path) -> Scenario | ScenarioError:
    """Load; a ScenarioError must name the file. Anything else propagates and fails."""
    try:
        s = load_scenario(path)
    except ScenarioError as err:
        assert path.name in str(err)
        return err
    assert validate(s) == s  # what loads is valid and already coerced
    for name, value in s.params.items():
        p = REGISTRY[name]
        if p.kind in ("float", "int"):
            assert math.isfinite(value) and p.valid[0] <= value <= p.valid[1]
    return s


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "fuzz.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


@FUZZ
@given(name=st.sampled_from(NAMES), value=values)
def test_any_value_for_any_parameter(tmp_path, name, value):
    group, key = name.split(".", 1)
    text = yaml.safe_dump({"extends": "baseline", group: {key: value}})
    result = outcome(write(tmp_path, text))
    if isinstance(result, Scenario) and REGISTRY[name].kind != "shares":
        assert result.params[name] == value


@FUZZ
@given(
    base=st.sampled_from(SOURCES),
    where=st.sampled_from(["top", "group", "feature"]),
    key=st.text(min_size=1, max_size=12),
    value=values,
)
def test_unknown_keys_are_refused(tmp_path, base, where, key, value):
    data = yaml.safe_load(base)
    if where == "top":
        known = set(data) | {
            "name",
            "description",
            "extends",
            "areas",
            "features",
            *(n.split(".")[0] for n in NAMES),
        }
        data[key] = value
    elif where == "group":
        group = next((g for g in data if g in {n.split(".")[0] for n in NAMES}), "pa")
        known = {n.split(".", 1)[1] for n in NAMES if n.startswith(group + ".")}
        data.setdefault(group, {})[key] = value
    else:
        known = set(FEATURES)
        data.setdefault("features", {})[key] = value
    path = write(tmp_path, yaml.safe_dump(data))
    result = outcome(path)
    if key not in known:
        assert isinstance(result, ScenarioError)


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text(tmp_path, text):
    outcome(write(tmp_path, text))


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(tmp_path, data):
    outcome(write(tmp_path, data))


@FUZZ
@given(
    base=st.sampled_from(SOURCES),
    start=st.integers(0, 2000),
    length=st.integers(0, 40),
    insert=st.text(alphabet=":-[]{}&*!|>'\"#%@`, \n\t0123456789.abcyes~", max_size=20),
)
def test_mangled_library_files(tmp_path, base, start, length, insert):
    start = min(start, len(base))
    outcome(write(tmp_path, base[:start] + insert + base[start + length :]))


@FUZZ
@given(depth=st.integers(1, 3000), style=st.sampled_from(["flow_list", "flow_map", "block"]))
def test_deep_nesting(tmp_path, depth, style):
    if style == "flow_list":
        text = "pa: " + "[" * depth + "]" * depth
    elif style == "flow_map":
        text = "pa: " + "{a: " * depth + "1" + "}" * depth
    else:
        text = "".join("  " * i + f"k{i}:\n" for i in range(min(depth, 400))) + "  " * 400 + "1"
    result = outcome(write(tmp_path, text + "\n"))
    assert isinstance(result, ScenarioError)


@FUZZ
@given(width=st.integers(1, 12), levels=st.integers(1, 9))
def test_alias_expansion(tmp_path, width, levels):
    lines = ["l0: &l0 [" + ", ".join(["0.5"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    lines.append(f"pa: {{turnover_annual: *l{levels - 1}}}")
    result = outcome(write(tmp_path, "\n".join(lines) + "\n"))
    assert isinstance(result, ScenarioError)  # unknown keys at least; never a hang


@FUZZ
@given(
    items=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.builds(
                lambda n, v: f"{n}={v}",
                st.sampled_from(NAMES),
                st.one_of(st.text(max_size=12), st.floats().map(str), st.integers().map(str)),
            ),
        ),
        max_size=4,
    )
)
def test_set_overrides(items):
    try:
        parsed = parse_set(items)
    except ScenarioError as err:
        assert "--set" in str(err)
        return
    s = validate(Scenario().with_params(parsed, origin="--set"))
    assert all(s.params[k] == v for k, v in parsed.items())


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['true']\n",
        "a: !!python/name:os.system\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "? [a, b]\n: 1\n",
        "1: 2\n",
        "<<: {pa: {turnover_annual: 0.2}}\n",
    ],
)
def test_odd_yaml_constructs(tmp_path, text):
    outcome(write(tmp_path, text))


def _valid_value(p, draw):
    """Any value validation accepts for ``p``, edges included."""
    if p.kind == "bool":
        return draw(st.booleans())
    if p.kind == "choice":
        return draw(st.sampled_from(p.choices))
    lo, hi = p.valid
    if p.kind == "int":
        return draw(st.integers(int(lo), int(hi)))
    return draw(st.floats(lo, hi, allow_nan=False) | st.sampled_from([lo, hi]))


RUNNABLE = [n for n in NAMES if not n.startswith("population.") and REGISTRY[n].kind != "shares"]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(base=st.sampled_from(library()), name=st.sampled_from(RUNNABLE), data=st.data())
def test_any_valid_value_runs(base, name, data):
    """What validation accepts, the model runs: a valid run or a clear error, nothing else."""
    from sim.experiments.runner import simulate

    value = _valid_value(REGISTRY[name], data.draw)
    s = load_scenario(base)
    n_icbs = len(s.areas) if s.areas else 2
    s = s.with_params(
        {
            "population.n_families": 8 * n_icbs,
            "population.weeks": 6,
            "population.n_icbs": n_icbs,
            name: value,
        },
        origin="fuzz",
    )
    try:
        s = validate(s)
    except ScenarioError:
        return
    summary = simulate(s, seed=7).summary
    assert {"measure", "group", "value"} <= set(summary.columns)
