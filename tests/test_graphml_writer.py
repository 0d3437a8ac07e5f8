"""The GraphML / GEXF / node-link JSON writer (graphml.write_formats: templates per kind of element, value
texts shared per value type) against a plain element-by-element writer: the same text for any values —
odd strings, None, empty and non-empty lists, bools next to equal ints and floats (True == 1 == 1.0),
-0.0 / 0.0, NaN — and each file the same whether written alone or with the others."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from dutygraph.exports import graphml as G
from dutygraph.graph.ids import display_name


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _value(v: object) -> str:
    return G._xml(G._text(v))


def reference(graph: nx.MultiDiGraph) -> tuple[str, str, str]:
    """GraphML, GEXF and JSON written one element and one value at a time (what the files must hold)."""
    gml = [G._graphml_head()]
    gx = [G._gexf_head()]
    nodes, edges = [], []
    for n, attrs in graph.nodes(data=True):
        gml.append(f'    <node id="{G._xml(n)}">\n')
        gx.append(f'      <node id="{G._xml(n)}" label="{G._xml(display_name(attrs))}">\n        <attvalues>\n'
                  f'          <attvalue for="{G._GEXF_NID["category"]}" value="{G._xml(attrs["label"])}" />\n')
        for a, v in attrs.items():
            if v is None or a == "id":
                continue
            gml.append(f'      <data key="{G._NKEY[a]}">{_value(v)}</data>\n')
            if a != "label":
                gx.append(f'          <attvalue for="{G._GEXF_NID[a]}" value="{_value(v)}" />\n')
        gml.append("    </node>\n")
        gx.append("        </attvalues>\n      </node>\n")
        nodes.append(_dumps({**attrs, "id": n}))
    gx.append("    </nodes>\n    <edges>\n")
    for i, (u, v, k, attrs) in enumerate(graph.edges(keys=True, data=True)):
        gml.append(f'    <edge id="e{i}" source="{G._xml(u)}" target="{G._xml(v)}">\n')
        gx.append(f'      <edge id="{i}" source="{G._xml(u)}" target="{G._xml(v)}" label="{G._xml(attrs["type"])}">\n'
                  "        <attvalues>\n")
        for a, x in attrs.items():
            if x is None:
                continue
            gml.append(f'      <data key="{G._EKEY[a]}">{_value(x)}</data>\n')
            gx.append(f'          <attvalue for="{G._GEXF_EID[a]}" value="{_value(x)}" />\n')
        gml.append("    </edge>\n")
        gx.append("        </attvalues>\n      </edge>\n")
        edges.append(_dumps({**attrs, "from": u, "to": v, "key": k}))
    gml.append("  </graph>\n</graphml>\n")
    gx.append("    </edges>\n  </graph>\n</gexf>\n")
    js = G._JSON_HEAD + ",\n".join(nodes) + '\n ],\n "edges": [\n' + ",\n".join(edges) + "\n ]}\n"
    return "".join(gml), "".join(gx), js


TEXT = hs.text(alphabet=hs.characters(blacklist_categories=("Cs",))
               | hs.sampled_from(list('&<>"\'\r\n\t\x00\x01\x1f\ufffe\uffff 牵头|')), max_size=12)
SCALAR = hs.one_of(hs.none(), hs.booleans(), hs.sampled_from([0, 1, -1, 2, 0.0, -0.0, 1.0, 2.5, float("nan"),
                                                                float("inf")]),
                   hs.integers(), hs.floats(), TEXT, hs.sampled_from(["1", "true", "", "x"]))
VALUE = hs.one_of(SCALAR, hs.lists(hs.one_of(TEXT, hs.integers(), hs.booleans()), max_size=3))
NODE_NAMES = [k for k in G.NODE_KEYS if k != "label"]
EDGE_NAMES = [k for k in G.EDGE_KEYS if k != "type"]


@hs.composite
def graphs(draw: hs.DrawFn) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    ids = draw(hs.lists(TEXT, min_size=1, max_size=6, unique=True))
    for n in ids:
        names = draw(hs.lists(hs.sampled_from(NODE_NAMES), max_size=6, unique=True))
        attrs = {"label": draw(hs.sampled_from(["Measure", "Agency", "<x&y>"])), "id": n}
        attrs.update({a: draw(VALUE) for a in names})
        g.add_node(n, **attrs)
    for _ in range(draw(hs.integers(0, 8))):
        u, v = draw(hs.sampled_from(ids)), draw(hs.sampled_from(ids))
        names = draw(hs.lists(hs.sampled_from(EDGE_NAMES), max_size=5, unique=True))
        key = draw(hs.sampled_from(["LEADS", "DUE", "a&b"]))
        attrs = {"type": key, **{a: draw(VALUE) for a in names}}
        g.add_edge(u, v, key=key, **attrs)
    return g


def _write(g: nx.MultiDiGraph, **which: bool) -> list[str]:
    bufs = {k: io.StringIO() for k, on in which.items() if on}
    G.write_formats(g, graphml=bufs.get("graphml"), gexf=bufs.get("gexf"), json_fh=bufs.get("json_fh"))
    return [b.getvalue() for b in bufs.values()]


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_writer_gives_the_reference_text(g):
    want = reference(g)
    assert _write(g, graphml=True, gexf=True, json_fh=True) == list(want)
    assert _write(g, graphml=True) == [want[0]]
    assert _write(g, gexf=True) == [want[1]]
    assert _write(g, json_fh=True) == [want[2]]


def test_writer_gives_the_reference_text_for_the_sample_graph():
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    assert _write(g, graphml=True, gexf=True, json_fh=True) == list(reference(g))


def test_values_of_equal_but_different_types_keep_their_own_text():
    g = nx.MultiDiGraph()
    g.add_node("a", label="Agency", id="a", n_led=1, collective=True, load=1.0, n_co=0, resolved=False, n_q1=-0.0)
    g.add_node("b", label="Agency", id="b", n_led=True, collective=1, load=1, n_co=False, resolved=0, n_q1=0.0)
    g.add_edge("a", "b", key="LEADS", type="LEADS", line=1, inherited=True)
    g.add_edge("b", "a", key="LEADS", type="LEADS", line=True, inherited=1.0)
    gml, gexf, js = _write(g, graphml=True, gexf=True, json_fh=True)
    assert (gml, gexf, js) == reference(g)
    assert '"n_led": 1,' in js and '"n_led": true,' in js and '"load": 1.0,' in js and '"n_q1": -0.0' in js


@settings(max_examples=40, deadline=None)
@given(graphs())
def test_exporter_files_hold_the_reference_text(g):
    """graphml.write hands the writer the files' binary streams (the text API above decodes): same text."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        paths = G.write(g, Path(tmp))
        assert [p.read_bytes() for p in paths] == [t.encode("utf-8") for t in reference(g)]


@hs.composite
def json_graphs(draw: hs.DrawFn) -> nx.MultiDiGraph:
    """Any attribute names (the endpoints' and key's names too) and keys of any type: node-link JSON only."""
    names = hs.sampled_from(["type", "from", "to", "key", "id", "label", "source", "line", "x"])
    g = nx.MultiDiGraph()
    ids = draw(hs.lists(hs.one_of(TEXT, hs.integers(0, 3)), min_size=1, max_size=5, unique=True))
    for n in ids:
        g.add_node(n, **{a: draw(VALUE) for a in draw(hs.lists(names, max_size=5, unique=True))})
    for _ in range(draw(hs.integers(0, 8))):
        key = draw(hs.one_of(hs.sampled_from(["LEADS", "DUE"]), hs.integers(0, 2)))
        u, v = draw(hs.sampled_from(ids)), draw(hs.sampled_from(ids))
        g.add_edge(u, v, key=key)
        g.edges[u, v, key].update({a: draw(VALUE) for a in draw(hs.lists(names, max_size=5, unique=True))})
    return g


@settings(max_examples=150, deadline=None)
@given(json_graphs())
def test_json_gives_the_reference_text_for_any_names_and_keys(g):
    nodes = [_dumps({**attrs, "id": n}) for n, attrs in g.nodes(data=True)]
    edges = [_dumps({**attrs, "from": u, "to": v, "key": k}) for u, v, k, attrs in g.edges(keys=True, data=True)]
    want = G._JSON_HEAD + ",\n".join(nodes) + '\n ],\n "edges": [\n' + ",\n".join(edges) + "\n ]}\n"
    assert _write(g, json_fh=True) == [want]


_XML_ONE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


@settings(max_examples=300, deadline=None)
@given(hs.text(alphabet=hs.characters(blacklist_categories=("Cs",))
               | hs.sampled_from(list('&<>"\r\n\t\x00\x08\x0b\x1f\x7f\u3000\u2028\ufffe\uffff牵头'))))
def test_xml_text_escapes_each_character_by_the_rules(s):
    """_xml = each character escaped, characters XML 1.0 cannot carry replaced by U+FFFD."""
    one_by_one = "".join(_XML_ONE.get(ch) or ("\ufffd" if G._XML_INVALID.match(ch) else ch) for ch in s)
    assert G._xml(s) == one_by_one


@settings(max_examples=150, deadline=None)
@given(hs.one_of(graphs().map(lambda g: (g, True)), json_graphs().map(lambda g: (g, False))))
def test_both_forms_of_the_kind_and_value_loops_give_the_same_text(case):
    """`_write_nodes` / `_write_edges` make a kind's key and read a value's texts in typed loops when the
    module is compiled and by map() as Python (`_COMPILED`): each form, whichever way the module runs,
    gives the text the other gives (the schema's graphs: every file; any names and keys: the JSON)."""
    g, every_file = case
    outs = []
    for compiled in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(G, "_COMPILED", compiled)
            outs.append(_write(g, graphml=every_file, gexf=every_file, json_fh=True))
    assert outs[0] == outs[1]


def test_both_forms_of_the_kind_and_value_loops_give_the_same_text_for_the_sample_graph(monkeypatch):
    from dutygraph.graph.model import build_graph
    from graph_records import sample_batch

    g = build_graph(sample_batch())
    want = list(reference(g))
    for compiled in (True, False):
        monkeypatch.setattr(G, "_COMPILED", compiled)
        assert _write(g, graphml=True, gexf=True, json_fh=True) == want


def test_form_is_the_template_joined_also_with_percent_signs():
    """templates.form: one bytes format whose `%` gives the template's join; a "%" in a literal piece (an
    attribute's name) is doubled, and a value's "%" (a document's "完成率达到95%") is never read as one."""
    from dutygraph.exports.templates import form

    for template in ([b'<a k="', None, b'" v="', None, b'"/>'], [b"100%", None, b"%s%d%%", None, b""], [b"x"],
                     [b"", None, b""]):
        values = [b"95%", b"%s%(x)s"][: len(template) // 2]
        t = template.copy()
        t[1::2] = values
        assert form(template) % tuple(values) == b"".join(t)


def test_joined_and_filled_are_the_template_formatted():
    """Compiled, the loops fill a template by `_joined` (its n slots from the first n values, the GEXF
    template's values after them) and `_filled` (the values at given positions) instead of `form`'s `%`:
    the same bytes, "%" in literals and values included, whatever the extra values."""
    from dutygraph.exports.templates import form

    for template in ([b'<a k="', None, b'" v="', None, b'"/>'], [b"100%", None, b"%s%d%%", None, b""], [b"x"],
                     [b"", None, b""], [b"<e>", None, b"</e>"]):
        lits = tuple(template[0::2])
        n = len(lits) - 1
        values = [b"95%", b"%s%(x)s", b"\xe5\xae\x8c"]
        t = template.copy()
        t[1::2] = values[:n]
        assert G._joined(lits, values) == form(template) % tuple(values[:n]) == b"".join(t)
        for positions in ([2, 0, 1], [1, 1, 2], [0, 2, 1]):
            t[1::2] = [values[p] for p in positions[:n]]
            assert G._filled(lits, values, tuple(positions[:n])) == form(template) % tuple(t[1::2])
    assert G._picked(("a", "b", "c"), (2, 0, 2)) == ("c", "a", "c")
    assert G._picked(("a",), ()) == ()


def test_recurring_lists_keep_their_own_text_per_type_of_item():
    """A list of str items has its texts kept by its items (templates.StrLists): a list that recurs on nodes
    and edges, and ones equal to it but for an item's type (1 == True == 1.0 against "1"), never kept."""
    lists = [["a", "b"], ["1"], [1], ["a", "b"], [True], ["True"], ["1"], [1.0], [1], ["a", "a"], ['<"&>'],
             ['<"&>'], ["x\u2028y", "\t"], ["x\u2028y", "\t"], [], ["a", "b"]]
    g = nx.MultiDiGraph()
    for i, items in enumerate(lists):
        g.add_node(f"n{i}", label="Agency", id=f"n{i}", aliases=items, load_by_year=list(reversed(items)))
        if i:
            g.add_edge(f"n{i - 1}", f"n{i}", key="DUE", type="DUE", repairs=items)
    assert _write(g, graphml=True, gexf=True, json_fh=True) == list(reference(g))


@settings(max_examples=200, deadline=None)
@given(hs.lists(hs.lists(hs.one_of(hs.sampled_from(["1", "a", "True", ""]), hs.sampled_from([1, True, 1.0, 0]),
                                   TEXT), max_size=3), max_size=30),
       hs.sampled_from([0, 1, 3, 50_000]))
def test_str_lists_give_the_function_of_each_list(values, room):
    """StrLists(fn)[v] = fn(v) (the empty list's text made once), whatever was asked before and past its room."""
    from dutygraph.exports.templates import StrLists

    fn = G._dict_dumps()
    lists = StrLists(fn, room=room)
    for v in values:
        assert lists[v] == fn(v)
    assert len(lists.memo) <= room


@settings(max_examples=300, deadline=None)
@given(hs.lists(hs.tuples(hs.booleans(), TEXT | hs.sampled_from(["万载法院", "a" * 60, 'x"y', "z\\", "t\u2028",
                                                                "<&>", "u\x7f", ""])), max_size=200))
def test_shared_str_texts_equal_the_xml_and_json_texts_whatever_the_order(calls):
    """`_str_texts`' two functions give `_xml(v).encode()` / `_enc(v).encode()` whatever the order of the calls
    (the JSON one before the XML one, either asked twice, texts the JSON one never asks for: past the bound)."""
    xml_text, json_text = G._str_texts()
    for as_json, text in calls:
        got = (json_text if as_json else xml_text)(text)
        assert got == (G._enc(text).encode() if as_json else G._xml(text).encode())
    for text in ["万载法院", 'x"y', "z\\", "t\n", "u\x7f", "v\u2028", "<&>", "", "\ufeff"]:
        xml_text, json_text = G._str_texts()
        assert (xml_text(text), json_text(text), json_text(text)) == (
            G._xml(text).encode(), G._enc(text).encode(), G._enc(text).encode())


def test_shared_str_texts_refuse_a_lone_surrogate_as_the_plain_forms_do():
    xml_text, json_text = G._str_texts()
    for fn, plain in ((xml_text, lambda v: G._xml(v).encode()), (json_text, lambda v: G._enc(v).encode())):
        with pytest.raises(UnicodeEncodeError) as got:
            fn("a\ud800b")
        with pytest.raises(UnicodeEncodeError) as want:
            plain("a\ud800b")
        assert got.value.args == want.value.args


@pytest.mark.parametrize("compiled", [True, False])
def test_consecutive_edges_of_a_type_with_other_names_types_or_keys_keep_their_own_templates(compiled, monkeypatch):
    """Compiled, an edge reuses the spec of the last edge of its type only when its key, its attribute names
    (the same objects, in order) and its value types are the same: edges of one type in a row (in the
    order written) with a value of another type (1, True, "1", 1.0, None), an attribute more or less, the
    attributes in another order, an equal name that is another object, another key, a key that is not a
    str (no reuse)."""
    line = "".join(["li", "ne"])  # equal to "line", another object
    edges = [("LEADS", "LEADS", {"line": 1}), ("LEADS", "LEADS", {"line": True}), ("LEADS", "LEADS", {"line": "1"}),
             ("LEADS", "LEADS", {"line": 1.0}), ("LEADS", "LEADS", {"line": None}), ("LEADS", "LEADS", {"line": 1}),
             ("LEADS", "LEADS", {"line": 1, "inherited": True}), ("LEADS", "LEADS", {"inherited": True, "line": 1}),
             ("LEADS", "LEADS", {"inherited": True}), ("LEADS", "LEADS", {"line": 2}),
             ("LEADS", "LEADS", {line: 3}), ("LEADS", "LEADS", {"line": 4}), ("LEADS", "DUE", {"line": 5}),
             ("LEADS", "LEADS", {"line": 6}), ("LEADS", "LEADS2", {"line": 7}), ("LEADS", 7, {"line": 8}),
             ("LEADS", "LEADS", {"line": 9}), ("DUE", "DUE", {"line": 10}), ("LEADS", "LEADS", {"line": True})]
    g = nx.MultiDiGraph()
    for i in range(len(edges) + 1):
        g.add_node(f"n{i}", label="Agency", id=f"n{i}")
    for i, (rel, key, attrs) in enumerate(edges):  # (one pair each: written in this order)
        g.add_edge(f"n{i}", f"n{i + 1}", key=key, type=rel, **attrs)
    monkeypatch.setattr(G, "_COMPILED", compiled)  # (each form, whichever way the module runs)
    assert _write(g, graphml=True, gexf=True, json_fh=True) == list(reference(g))


@pytest.mark.parametrize("compiled", [True, False])
def test_nodes_of_a_label_with_other_names_or_types_keep_their_own_templates(compiled, monkeypatch):
    """Compiled, a node reuses the spec of a kind seen before with its label only when its attribute names
    (the same objects, in order) and its value types are the same: nodes of one label in a row with a value
    of another type (str, None, float, int, bool), an attribute more or less, the attributes in another
    order, an equal name that is another object, and a kind seen before coming back."""
    name = "".join(["na", "me"])  # equal to "name", another object
    kinds = [{"name": "a"}, {"name": None}, {"name": "b", "load": 1.5}, {"load": 2.5, "name": "c"},
             {"name": "d", "load": 2}, {"name": "e", "load": True}, {name: "f"}, {"name": "g"},
             {"name": "h", "load": 1.5}, {"name": 1}, {"name": None}]
    g = nx.MultiDiGraph()
    for i, attrs in enumerate(kinds):
        g.add_node(f"n{i}")
        g.nodes[f"n{i}"].update({"label": "Agency", "id": f"n{i}", **attrs})  # (update: the names' own objects)
    g.add_node("p", label="Platform", id="p", name="x")
    monkeypatch.setattr(G, "_COMPILED", compiled)  # (each form, whichever way the module runs)
    assert _write(g, graphml=True, gexf=True, json_fh=True) == list(reference(g))


def test_number_and_values_give_their_python_forms():
    assert [G._number(i) for i in (0, 7, 10, 99, 100, 123456789, 2**62, -1, -305)] == \
        [b"%d" % i for i in (0, 7, 10, 99, 100, 123456789, 2**62, -1, -305)]
    attrs = {"b": 1, "a": None, "c": [2]}
    assert G._values(attrs) == [1, None, [2]]
    assert G._values({}) == []


def test_same_kind_gives_its_python_form(monkeypatch):
    """`_same_kind` (compiled: the dict's entries walked in C by `_same_entries`) says what its Python loop
    says: the same name objects in the same order, values of exactly the kind's types, equal lengths."""
    a, b = "alpha", "".join(["al", "pha"])  # equal names, other objects
    assert a == b and a is not b
    attrs = {a: 1, "n": "x", "z": None}
    names, types = tuple(attrs), (int, str, type(None))
    cases = [
        (attrs, names, types),  # the kind itself
        (attrs, (b, "n", "z"), types),  # an equal name that is another object
        (attrs, ("n", a, "z"), (str, int, type(None))),  # the same names in another order
        (attrs, names, (bool, str, type(None))),  # a subtype is not the type
        (attrs, names, (object, str, type(None))),
        (attrs, names[:2], types[:2]),  # fewer names than entries
        (attrs, names, types[:2]),  # types and names of other lengths
        (attrs, (*names, "w"), (*types, int)),
        ({}, (), ()),
        ({True: 1.0}, (True,), (float,)),  # names that are not str
    ]
    want = []
    for native in (True, False):
        monkeypatch.setattr(G, "_NATIVE", native and G._COMPILED)
        want.append([G._same_kind(d, G._values(d), n, t) for d, n, t in cases])
    assert want[0] == want[1] == [True, False, False, False, False, False, False, False, True, True]
