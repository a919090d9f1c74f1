"""Case attributes and branch rules of a Prosimos import.

Prosimos draws ``case_attributes`` once per case (discrete: a value by its probability;
continuous: a number from a distribution) and routes a gateway by ``branch_rules`` (an OR
of ANDs of ``attribute comparison value``) that ``gateway_branching_probabilities`` link to
flows by ``condition_id``. The importer evaluates every rule exactly as Prosimos does
(``BranchConditionRule.is_rule_true``) on every combination of attribute values (a
continuous attribute: one value inside each piece of its range between the numbers its
rules compare with, where every rule is constant) and writes each flow's condition in the
simulator's condition language:

* where exactly one rule always holds (exclusive) or at least one (inclusive), the
  condition is "its rule holds" (a flow without a rule is then never taken, as in
  Prosimos) and routing is Prosimos's case by case;
* otherwise Prosimos falls back on probabilities (``OutgoingFlowSelector``), and so do
  the conditions, through hidden uniform case attributes (``_u_`` + gateway id): at an
  exclusive gateway several rules holding draw among their flows by the probabilities
  scaled to 1, none holding takes the default flow or draws among all flows; at an
  inclusive gateway none holding takes the default flow or ``Choice.get_multiple_flows``
  (each flow on its own, one by the probabilities when none was drawn). A hidden uniform is
  drawn once per case, so such a gateway on a loop (Prosimos draws again per visit) is
  refused with the JSON path.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import sys
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from probisnis.bpmn.model import FlowNode, Process
from probisnis.errors import say
from probisnis.sim.distributions import Distribution, Fixed, Histogram, Uniform
from probisnis.sim.keyed import Keyed, short
from probisnis.sim.prosimos_laws import prosimos_distribution
from probisnis.sim.scenario import Attribute

__all__ = ["case_attributes", "in_range", "rule_conditions"]

#: the value of an attribute no task has set yet (rules reading it are false)
_ABSENT = object()
#: most combinations of attribute values checked for one gateway
MAX_COMBINATIONS = 100_000
_IDENT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
_KEYWORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "True", "False", "None",
                       "lambda", "for"})

Rule = list[list[tuple[str, str, Any]]]  # OR of ANDs of (attribute, comparison, value)


def case_attributes(j: Keyed, doc: Mapping[str, Any],
                    warnings: list[str]) -> tuple[Attribute, ...]:
    """The ``case_attributes`` and ``global_attributes``: a discrete one with its values
    and probabilities, a continuous one with its law (``values``: a Prosimos distribution,
    read like a duration law, as Prosimos's ``CaseAttribute`` does). A global attribute is
    drawn once per replication (Prosimos draws it once per run); one that is also a case
    attribute is refused: Prosimos redraws it as each case starts and a case then reads
    the value of whichever case started last."""
    out = _attributes(j, doc, "case_attributes")
    cases = {a.name for a in out}
    glob = _attributes(j, doc, "global_attributes")
    for i, a in enumerate(glob):
        if a.name in cases:
            raise j.fail(f"global_attributes[{i}].name", say(
                f"{a.name} juga atribut kasus: Prosimos lalu menarik ulang nilainya setiap kasus "
                "mulai, dan setiap kasus membaca nilai kasus yang mulai paling akhir; itu tidak "
                "disimulasikan",
                f"{a.name} is a case attribute too: Prosimos then redraws it as each "
                "case starts, and every case reads the value of whichever case "
                "started last, which is not simulated"))
    return (*out, *glob)


def event_attributes(j: Keyed, doc: Mapping[str, Any], proc: Process,
                     attributes: Sequence[Attribute]) -> dict[str, tuple[Attribute, ...]]:
    """Task id -> the ``event_attributes`` it draws as it completes (discrete or continuous;
    Prosimos's expression, Markov and decision-tree kinds are refused, as is an event
    attribute that is a case or global attribute too)."""
    nodes = {n.id: n for n in proc.iter_nodes()}
    taken = {a.name for a in attributes}
    out: dict[str, tuple[Attribute, ...]] = {}
    for i, entry in enumerate(j.array(doc.get("event_attributes", []), "event_attributes")):
        key = f"event_attributes[{i}]"
        entry = j.table(entry, key)
        tid = j.string(j.get(entry, "event_id", key), f"{key}.event_id")
        if tid not in nodes or not nodes[tid].is_task:
            raise j.fail(f"{key}.event_id", say(
                f"{tid!r} bukan tugas di model (probisnis menyimulasikan atribut yang diisi "
                "oleh tugas)", f"{tid!r} is not a task of the model (probisnis "
                "simulates attributes set by tasks)"))
        if tid in out:
            raise j.fail(f"{key}.event_id", say(f"tugas {tid!r} tercantum dua kali",
                                                f"task {tid!r} is listed twice"))
        for k, item in enumerate(j.array(j.get(entry, "attributes", key), f"{key}.attributes")):
            kind = j.table(item, f"{key}.attributes[{k}]").get("type")
            if kind not in ("discrete", "continuous") or (
                    kind == "discrete" and not isinstance(item.get("values"), list)):
                raise j.fail(f"{key}.attributes[{k}].type", say(
                    f"atribut peristiwa {short(kind)} tidak disimulasikan (yang disimulasikan: "
                    "discrete dengan values dan peluangnya, atau continuous)",
                    f"{short(kind)} event attributes are not simulated (discrete "
                    "with values and probabilities, or continuous, are)"))
        found = _attributes(j, entry, "attributes", prefix=f"{key}.")
        for k, a in enumerate(found):
            if a.name in taken:
                raise j.fail(f"{key}.attributes[{k}].name", say(
                    f"{a.name} juga atribut kasus atau global: Prosimos menolak atribut kasus "
                    "yang diubah tugas, dan atribut global yang diubah tugas dipakai bersama "
                    "semua kasus; itu tidak disimulasikan",
                    f"{a.name} is a case or global attribute too: Prosimos refuses a "
                    "case attribute changed by tasks, and a global one changed by tasks "
                    "is shared by all cases, which is not simulated"))
        for k, a in enumerate(found):
            other = next((b for fs in out.values() for b in fs if b.name == a.name), None)
            if other is not None and (other.law is None) != (a.law is None):
                raise j.fail(f"{key}.attributes[{k}].type", say(
                    f"{a.name} discrete untuk satu tugas dan continuous untuk tugas lain",
                    f"{a.name} is discrete for one task and continuous for another"))
        out[tid] = found
    return out


def _attributes(j: Keyed, doc: Mapping[str, Any], section: str,
                prefix: str = "") -> tuple[Attribute, ...]:
    out: list[Attribute] = []
    per_run = section == "global_attributes"
    for i, item in enumerate(j.array(doc.get(section, []), f"{prefix}{section}")):
        key = f"{prefix}{section}[{i}]"
        item = j.table(item, key)
        name = j.string(j.get(item, "name", key), f"{key}.name")
        if not (set(name) <= _IDENT and not name[0].isdigit() and name not in _KEYWORDS):
            raise j.fail(f"{key}.name", say(
                f"{short(name)} bukan nama yang dapat dipakai kondisi (huruf, angka, _)",
                f"{short(name)} is not a name a condition can use (letters, digits, _)"))
        if any(a.name == name for a in out):
            raise j.fail(f"{key}.name", say(f"atribut {name!r} tercantum dua kali",
                                            f"attribute {name!r} is listed twice"))
        kind = j.get(item, "type", key)
        if kind == "continuous":
            law = prosimos_distribution(j.get(item, "values", key), where=f"{key}.values",
                                        path=j.path)
            out.append(Attribute(name, (), (), law=law, per_run=per_run))
            continue
        if kind != "discrete":
            raise j.fail(f"{key}.type", say(
                f"harus \"discrete\" atau \"continuous\", bukan {short(kind)}",
                f"must be \"discrete\" or \"continuous\", got {short(kind)}"))
        values, probs = [], []
        for k, v in enumerate(j.array(j.get(item, "values", key), f"{key}.values",
                                      empty=False)):
            vkey = f"{key}.values[{k}]"
            v = j.table(v, vkey)
            value = j.get(v, "key", vkey)
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise j.fail(f"{vkey}.key", say(f"harus teks atau angka, bukan {short(value)}",
                                                f"must be a string or a number, got "
                                                f"{short(value)}"))
            values.append(value)
            probs.append(j.number(j.get(v, "value", vkey), f"{vkey}.value", high=1.0,
                                  text=True))
        if abs(sum(probs) - 1.0) > 1e-6:
            raise j.fail(f"{key}.values", say(
                f"peluang harus berjumlah 1, jumlahnya {sum(probs):.9g}",
                f"probabilities must sum to 1, they sum to {sum(probs):.9g}"))
        out.append(Attribute(name, tuple(values), tuple(p / sum(probs) for p in probs),
                             per_run=per_run))
    return tuple(out)


def _rules(j: Keyed, doc: Mapping[str, Any]) -> dict[str, tuple[str, Rule]]:
    """``branch_rules`` by id: (JSON path, OR of ANDs)."""
    out: dict[str, tuple[str, Rule]] = {}
    for i, item in enumerate(j.array(doc.get("branch_rules", []), "branch_rules")):
        key = f"branch_rules[{i}]"
        item = j.table(item, key)
        rid = j.string(j.get(item, "id", key), f"{key}.id")
        if rid in out:
            raise j.fail(f"{key}.id", say(f"aturan {rid!r} tercantum dua kali",
                                          f"rule {rid!r} is listed twice"))
        ors: Rule = []
        for a, conj in enumerate(j.array(j.get(item, "rules", key), f"{key}.rules")):
            ands = []
            for b, atom in enumerate(j.array(conj, f"{key}.rules[{a}]")):
                akey = f"{key}.rules[{a}][{b}]"
                atom = j.table(atom, akey)
                attr = j.string(j.get(atom, "attribute", akey), f"{akey}.attribute")
                op = j.string(j.get(atom, "comparison", akey), f"{akey}.comparison")
                value = j.get(atom, "value", akey)
                if op == "in":
                    low, high = in_range(j, f"{akey}.value", value)
                    value = (low, float(sys.maxsize) if high is None else high)
                ands.append((attr, op, value))
            ors.append(ands)
        out[rid] = (key, ors)
    return out


def in_range(j: Keyed, key: str, value: object) -> tuple[float, float | None]:
    """The ``[min, max]`` of an ``in`` comparison at ``key`` (max ``None`` for ``"inf"``)."""
    pair = j.array(value, key)
    if len(pair) != 2:
        raise j.fail(key, say("\"in\" memerlukan [min, max]", "\"in\" needs [min, max]"))
    low = j.number(pair[0], f"{key}[0]", low=None, text=True)
    if pair[1] == "inf":
        return low, None
    return low, j.number(pair[1], f"{key}[1]", low=None, text=True)


def _holds(atom: tuple[str, str, Any], values: Mapping[str, Any]) -> bool:
    """Prosimos 2.1 ``BranchConditionRule.is_rule_true``, step by step."""
    attr, op, rule_value = atom
    if attr not in values:
        return False
    case_value = values[attr]
    if op in (">", ">=", "<", "<=", "!="):
        with contextlib.suppress(ValueError):
            case_value, rule_value = float(case_value), float(rule_value)
    if op == "in":
        return bool(rule_value[0] <= case_value <= rule_value[1])
    if op == ">":
        return bool(case_value > rule_value)
    if op == ">=":
        return bool(case_value >= rule_value)
    if op == "<":
        return bool(case_value < rule_value)
    if op == "<=":
        return bool(case_value <= rule_value)
    if op == "!=":
        return bool(case_value != rule_value)
    return bool(case_value == rule_value)


def _true(rule: Rule, values: Mapping[str, Any]) -> bool:
    return any(all(_holds(atom, values) for atom in ands) for ands in rule)


def rule_conditions(j: Keyed, doc: Mapping[str, Any], proc: Process,
                    attributes: Sequence[Attribute], unset: Sequence[Attribute] = ()
                    ) -> tuple[Mapping[str, str], tuple[Attribute, ...]]:
    """Flow id -> condition for every flow a branch rule decides (see the module doc), and
    the hidden uniform attributes of the exclusive gateways that need Prosimos's fallback.
    ``unset``: attributes tasks set (event attributes), absent until then (a rule reading
    an absent attribute is false, as in Prosimos)."""
    rules = _rules(j, doc)
    if not rules:
        return MappingProxyType({}), ()
    hidden: list[Attribute] = []
    nodes = {n.id: n for n in proc.iter_nodes()}
    laws = {a.name: a.law for a in attributes if a.law is not None}
    domain: dict[str, tuple[Any, ...]] = {a.name: a.values for a in attributes
                                          if a.law is None}

    def cut(name: str, law: Distribution) -> tuple[Any, ...]:
        # one value of each piece where every rule is constant
        return _representatives(law, [atom for _, r in rules.values() for ands in r
                                      for atom in ands if atom[0] == name])

    for name, law in laws.items():
        domain[name] = cut(name, law)
    absent = {a.name for a in unset}
    for a in unset:
        values = cut(a.name, a.law) if a.law is not None else a.values
        if a.law is not None:
            laws.setdefault(a.name, a.law)
        domain[a.name] = tuple(dict.fromkeys((*domain.get(a.name, ()), *values)))
    for name in absent:
        domain[name] = (*domain[name], _ABSENT)
    out: dict[str, str] = {}
    gbp = j.array(doc.get("gateway_branching_probabilities", []),
                  "gateway_branching_probabilities")
    for i, entry in enumerate(gbp):
        key = f"gateway_branching_probabilities[{i}]"
        entry = j.table(entry, key)
        items = [j.table(x, f"{key}.probabilities[{k}]")
                 for k, x in enumerate(j.array(entry.get("probabilities", []),
                                               f"{key}.probabilities"))]
        linked = {str(x.get("path_id")): (k, x["condition_id"]) for k, x in enumerate(items)
                  if "condition_id" in x}
        if not linked:
            continue
        gid = str(entry.get("gateway_id"))
        gateway = nodes[gid]  # _branching checked the ids
        flow_rules: dict[str, Rule] = {}
        for fid, (k, cid) in linked.items():
            if cid not in rules:
                raise j.fail(f"{key}.probabilities[{k}].condition_id", say(
                    f"aturan cabang {short(cid)} tidak ada di branch_rules (yang ada: "
                    f"{', '.join(rules) or 'tidak ada'})",
                    f"unknown branch rule {short(cid)} (branch_rules has: "
                    f"{', '.join(rules) or 'none'})"))
            flow_rules[fid] = rules[cid][1]
        used = sorted({atom[0] for r in flow_rules.values() for ands in r for atom in ands})
        unknown = [a for a in used if a not in domain]
        if unknown:
            raise j.fail(f"{key}.probabilities", say(
                f"aturan cabang {gid} membaca {', '.join(unknown)}, yang tidak diberikan atribut "
                "kasus atau global mana pun (atribut peristiwa tidak disimulasikan)",
                f"the branch rules of {gid} read {', '.join(unknown)}, which no case or "
                "global attribute gives (event attributes are not simulated)"))
        if math.prod(len(domain[a]) for a in used) > MAX_COMBINATIONS:
            raise j.fail(f"{key}.probabilities", say(
                f"aturan cabang {gid} membaca lebih dari "
                f"{MAX_COMBINATIONS:,} kombinasi nilai".replace(",", "."),
                f"the branch rules of {gid} read more than "
                f"{MAX_COMBINATIONS:,} combinations of values"))
        combos = [{k: v for k, v in zip(used, vals, strict=True) if v is not _ABSENT}
                  for vals in itertools.product(*(domain[a] for a in used))]
        inclusive = gateway.kind == "inclusiveGateway"
        holds: dict[str, list[dict[str, Any]]] = {f: [] for f in flow_rules}
        patterns: dict[tuple[str, ...], dict[str, Any]] = {}  # which rules hold together
        for combo in combos:
            try:
                true = [f for f, r in flow_rules.items() if _true(r, combo)]
            except TypeError:
                raise j.fail(f"{key}.probabilities", say(
                    f"sebuah aturan cabang {gid} membandingkan nilai berbeda jenis untuk {combo} "
                    "(Prosimos juga gagal di sana)",
                    f"a branch rule of {gid} compares values "
                    f"of different types for {combo} (Prosimos fails there too)")) from None
            patterns.setdefault(tuple(true), combo)
            for f in true:
                holds[f].append(combo)
        fallback = [p for p in patterns if len(p) != 1] if not inclusive else \
            [p for p in patterns if not p]
        if fallback:  # Prosimos's fallback, drawn by hidden uniforms
            draw = _inclusive_fallback if inclusive else _fallback
            conditions, extra = draw(j, key, gateway, proc, items, flow_rules, patterns,
                                     laws, domain, {a.name for a in (*attributes, *hidden)},
                                     absent)
            out.update(conditions)
            hidden.extend(extra)
            continue
        if any(a in laws or a in absent for a in used):  # the rule itself, atom by atom
            for fid in gateway.outgoing:
                out[fid] = _translated(flow_rules.get(fid, []), laws, domain, absent)
            continue
        for fid in gateway.outgoing:  # a flow with no rule is never taken (always one holds)
            rule = flow_rules.get(fid, [])
            names = sorted({atom[0] for ands in rule for atom in ands})
            # its rule reads only these attributes: the combinations of them where it holds
            seen = {tuple(c[n] for n in names): None for c in holds.get(fid, [])}
            out[fid] = _expression([dict(zip(names, v, strict=True)) for v in seen], names,
                                   math.prod(len(domain[n]) for n in names))
    return MappingProxyType(out), tuple(hidden)


def _fallback(j: Keyed, key: str, gateway: FlowNode, proc: Process,
              items: Sequence[Mapping[str, Any]], flow_rules: Mapping[str, Rule],
              patterns: Mapping[tuple[str, ...], Mapping[str, Any]],
              laws: Mapping[str, Distribution], domain: Mapping[str, Sequence[Any]],
              taken: set[str], absent: set[str]) -> tuple[dict[str, str], tuple[Attribute, ...]]:
    """Conditions giving Prosimos's choice at an exclusive gateway whose rules may all fail
    or several hold (``OutgoingFlowSelector._handle_exclusive_gateway``): one rule holding
    takes its flow; several draw among their flows by their probabilities scaled to 1; none
    takes the gateway's default flow, else draws among all flows by the probabilities. The
    draw is a uniform attribute of the case, hidden (``_u_`` + gateway id), so a gateway
    visited again by the same case would repeat it: such a gateway (on a loop) is refused."""
    gid = gateway.id
    probs = _drawable(j, key, gateway, proc, items)
    name = _hidden_name(gid, "", taken)
    rule_text = {f: _translated(r, laws, domain, absent) for f, r in flow_rules.items()}
    terms: dict[str, list[str]] = {f: [] for f in gateway.outgoing}
    for pattern, combo in patterns.items():
        exact = " and ".join([f"({rule_text[f]})" for f in pattern]
                             + [f"not ({rule_text[f]})" for f in flow_rules if f not in pattern])
        if len(pattern) == 1:
            terms[pattern[0]].append(f"({exact})")
            continue
        if not pattern and gateway.default:
            terms[gateway.default].append(f"({exact})")
            continue
        among = [f for f in gateway.outgoing if f in (pattern or probs)]
        total = sum(probs.get(f, 0.0) for f in among)
        if total <= 0:
            raise j.fail(f"{key}.probabilities", say(
                f"untuk {_combo(combo)} Prosimos mengundi di {gid} di antara "
                f"{', '.join(among)}, yang peluangnya semua 0 (Prosimos gagal di sana)",
                f"for {_combo(combo)} Prosimos draws at {gid} among "
                f"{', '.join(among)}, whose probabilities are all 0 (it fails there)"))
        low = 0.0
        for n, f in enumerate(among):
            p = probs.get(f, 0.0) / total
            if p <= 0:
                continue
            last = all(probs.get(g, 0.0) <= 0 for g in among[n + 1:])
            span = f"{name} >= {low!r}" + ("" if last else f" and {name} < {low + p!r}")
            terms[f].append(f"({exact} and {span})")
            low += p
    conditions = {f: " or ".join(t) if t else "False" for f, t in terms.items()}
    return conditions, (Attribute(name, (), (), law=Uniform(0.0, 1.0)),)


def _drawable(j: Keyed, key: str, gateway: FlowNode, proc: Process,
              items: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The gateway's flow probabilities (a missing value: an equal share of the rest);
    refused on a loop, where Prosimos draws again at each visit."""
    if _on_a_cycle(proc, gateway.id):
        raise j.fail(f"{key}.probabilities", say(
            f"aturan cabang {gateway.id} dapat menyerahkan pilihan kepada peluang (semua gagal, "
            "atau beberapa berlaku di gerbang eksklusif), dan gerbang itu ada pada putaran: "
            "kasus yang kembali mengundi lagi di Prosimos, yang tidak dapat diulang probisnis "
            "per kunjungan",
            f"the branch rules of {gateway.id} may leave the choice to probability "
            "(all failing, or several holding at an exclusive gateway), and the "
            "gateway lies on a loop: a case coming back draws again in Prosimos, "
            "which probisnis cannot repeat per visit"))
    values = {str(x.get("path_id")): (float(x["value"]) if "value" in x else None)
              for x in items}
    blanks = [f for f, v in values.items() if v is None]
    share = (1.0 - sum(v for v in values.values() if v is not None)) / max(len(blanks), 1)
    return {f: (share if values.get(f) is None else float(values[f] or 0.0))
            for f in gateway.outgoing if f in values}


def _hidden_name(gid: str, suffix: str, taken: set[str]) -> str:
    name = "_u_" + "".join(c if c in _IDENT else "_" for c in gid) + suffix
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _inclusive_fallback(j: Keyed, key: str, gateway: FlowNode, proc: Process,
                        items: Sequence[Mapping[str, Any]], flow_rules: Mapping[str, Rule],
                        patterns: Mapping[tuple[str, ...], Mapping[str, Any]],
                        laws: Mapping[str, Distribution], domain: Mapping[str, Sequence[Any]],
                        taken: set[str], absent: set[str]
                        ) -> tuple[dict[str, str], tuple[Attribute, ...]]:
    """Conditions giving Prosimos's choice at an inclusive gateway whose rules may all fail
    (``OutgoingFlowSelector._handle_inclusive_gateway``): the flows whose rules hold (a flow
    without a rule never then); none holding takes the default flow, else Prosimos's
    ``Choice.get_multiple_flows``: each flow on its own with its probability, and one by the
    probabilities when none was drawn. Hidden uniforms: one per flow and one for that last
    draw."""
    del patterns  # only "may none hold" matters here, the caller checked it
    probs = _drawable(j, key, gateway, proc, items)
    rule_text = {f: _translated(r, laws, domain, absent) for f, r in flow_rules.items()}
    none = " and ".join(f"not ({t})" for t in rule_text.values()) or "True"
    if gateway.default:
        return {f: (f"({rule_text[f]})" if f in rule_text else "False")
                + (f" or ({none})" if f == gateway.default else "")
                for f in gateway.outgoing}, ()
    flows = [f for f in gateway.outgoing if f in probs]
    own = {f: _hidden_name(gateway.id, f"_{n}", taken) for n, f in enumerate(flows)}
    last = _hidden_name(gateway.id, "_one", taken)
    nothing = " and ".join(f"{own[f]} >= {probs[f]!r}" for f in flows)
    low, selected = 0.0, {}
    for n, f in enumerate(flows):
        p = probs[f]
        tail = all(probs[g] <= 0 for g in flows[n + 1:])
        span = f"{last} >= {low!r}" + ("" if tail else f" and {last} < {low + p!r}")
        selected[f] = (f"{own[f]} < {p!r}" + (f" or ({nothing} and {span})" if p > 0 else ""))
        low += p
    conditions = {}
    for f in gateway.outgoing:
        drawn = f"({none} and ({selected[f]}))" if f in selected else "False"
        conditions[f] = f"({rule_text[f]}) or {drawn}" if f in rule_text else drawn
    uniform = Uniform(0.0, 1.0)
    return conditions, tuple(Attribute(n, (), (), law=uniform) for n in (*own.values(), last))


def _on_a_cycle(proc: Process, gid: str) -> bool:
    """Whether ``gid`` can be reached again from its own outgoing flows."""
    todo = [proc.flows[f].target_ref for f in proc.nodes[gid].outgoing if f in proc.flows]
    seen: set[str] = set()
    while todo:
        nid = todo.pop()
        if nid == gid:
            return True
        if nid in seen or nid not in proc.nodes:
            continue
        seen.add(nid)
        todo.extend(proc.flows[f].target_ref for f in proc.nodes[nid].outgoing
                    if f in proc.flows)
    return False


def _representatives(law: Distribution, atoms: Sequence[tuple[str, str, Any]]
                     ) -> tuple[Any, ...]:
    """Values of a continuous attribute, one inside each piece of its range between the
    numbers its rules compare with (every rule is constant on such a piece); a law with
    single values (fixed, histogram) gives those. A rule boundary itself has probability 0
    and is left out."""
    if isinstance(law, Fixed):
        return (float(law.value),)
    if isinstance(law, Histogram):
        return tuple(float(v) for v in law.values)
    low, high = (law.low, law.high) if isinstance(law, Uniform) else (
        getattr(law, "low", 0.0), getattr(law, "high", math.inf))
    cuts: set[float] = set()
    for _attr, op, value in atoms:
        for v in (value if op == "in" else (value,)):
            with contextlib.suppress(TypeError, ValueError):
                x = float(v)
                if low < x < high:
                    cuts.add(x)
    edges = [low, *sorted(cuts), high if math.isfinite(high) else max(cuts | {low}) + 2.0]
    return tuple((a + b) / 2 for a, b in itertools.pairwise(edges) if b > a) or (low,)


def _translated(rule: Rule, laws: Mapping[str, Distribution],
                domain: Mapping[str, Sequence[Any]], absent: set[str] | None = None) -> str:
    """``rule`` in the condition language, with Prosimos's comparisons: numbers for a
    continuous attribute (always a float), the values where the atom holds for a discrete
    one."""
    if not rule:
        return "False"
    ors = []
    for ands in rule:
        parts = []
        for atom in ands:
            name, op, value = atom
            if name not in laws:
                true = [v for v in domain[name] if v is not _ABSENT and _holds(atom, {name: v})]
                parts.append(f"{name} in [{', '.join(repr(v) for v in true)}]")
            elif op == "in":
                parts.append(f"({name} >= {float(value[0])!r} and {name} <= "
                             f"{float(value[1])!r})")
            elif op == "=":  # compared as given: a string never equals the number
                parts.append(f"{name} == {float(value)!r}"
                             if isinstance(value, int | float) else "False")
            else:
                try:
                    parts.append(f"{name} {op} {float(value)!r}")
                except (TypeError, ValueError):  # Prosimos compares the number with the text
                    if op != "!=":  # < <= > >= fail there (the enumeration refused them)
                        raise
                    parts.append("True")
        guard = [f"{n} is not None" for n in sorted({a[0] for a in ands})
                 if n in laws and n in (absent or ())]  # absent: every comparison false
        parts = guard + parts
        ors.append("(" + " and ".join(parts) + ")" if parts else "True")
    return " or ".join(ors)


def _combo(combo: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in combo.items()) or "every case"


def _expression(combos: list[dict[str, Any]], names: list[str], total: int) -> str:
    """The condition "the attributes are one of ``combos``" in the simulator's language."""
    if not combos:
        return "False"
    if len(combos) == total:
        return "True"
    if len(names) == 1:
        return f"{names[0]} in [{', '.join(repr(c[names[0]]) for c in combos)}]"
    return " or ".join("(" + " and ".join(f"{n} == {c[n]!r}" for n in names) + ")"
                       for c in combos)
