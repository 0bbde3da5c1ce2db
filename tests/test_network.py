"""The network over a window: edges with counts and event ids, nodes with
memberships at the date from the knowledge base, and the three writers."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import viewstore
from geopol.network import network, window, write
from geopol.relations import Scope


@pytest.fixture
def store(tmp_path):
    opened = viewstore.build(tmp_path / "net.db")
    yield opened
    opened.close()


def test_network_edges_carry_counts_and_event_ids(store, kb):
    graph = network(store, kb)
    assert set(graph.edges) == {("UZB", "TJK"), ("TJK", "UZB"), ("KGZ", "TJK"), ("KGZ", "CSTO"),
                                ("CSTO", "KGZ"), ("UZB", "CSTO"), ("RUS", "TJK")}
    edge = graph.edges["UZB", "TJK"]
    assert (edge["events"], edge["cooperation"], edge["conflict"], edge["event_ids"]) == (3, 3, 0, "e01 e03 e04")
    assert ("KAZ", "KAZ") not in graph.edges  # self-loops left out by default


def test_network_self_loops_with_the_scope_flag(store, kb):
    assert ("KAZ", "KAZ") in network(store, kb, scope=Scope(self_dyads=True)).edges


@pytest.mark.parametrize("kwargs, edges", [
    ({"at": "2010"}, {("KGZ", "CSTO"), ("CSTO", "KGZ")}),
    ({"at": "2010-06-13"}, set()),
    ({"since": "2018", "until": "2019"}, {("UZB", "TJK"), ("KGZ", "TJK"), ("RUS", "TJK")}),
    ({"min_events": 2}, {("UZB", "TJK")}),
])
def test_network_window_and_min_events(store, kb, kwargs, edges):
    assert set(network(store, kb, **kwargs).edges) == edges


def test_network_undirected_merges_directions(store, kb):
    graph = network(store, kb, directed=False)
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    assert graph.edges["TJK", "UZB"]["events"] == 4


@pytest.mark.parametrize("until, member", [
    ("2012-06-30", True),  # Uzbekistan rejoined the CSTO in 2006
    ("2013", False),  # and left it in December 2012
])
def test_network_nodes_carry_memberships_at_the_date(store, kb, until, member):
    graph = network(store, kb, since="2010", until=until)
    assert graph.graph["memberships_at"] == {"2012-06-30": "2012-06-30", "2013": "2013-12-31"}[until]
    assert "CSTO" in graph.nodes["KGZ"]["member_of"].split()
    assert graph.nodes["CSTO"]["kind"] == "organisation"
    assert ("UZB" in graph.nodes["CSTO"]["members"].split()) == member
    assert ("CSTO" in graph.nodes["UZB"]["member_of"].split()) == member


def test_network_node_kinds_and_sectors(store, kb):
    graph = network(store, kb)
    assert graph.nodes["KGZ"]["kind"] == "country" and graph.nodes["KGZ"]["name"] == "Kyrgyzstan"
    assert graph.nodes["KGZ"]["sectors"] == "MIL"
    assert graph.graph["memberships_at"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_network_writers_round_trip(store, kb, fmt):
    graph = network(store, kb)
    out = io.StringIO()
    write(graph, fmt, out)
    text = out.getvalue()
    if fmt == "graphml":
        back = nx.parse_graphml(text)
    elif fmt == "gexf":
        ET.fromstring(text)
        back = nx.read_gexf(io.BytesIO(text.encode()))
    else:
        back = nx.node_link_graph(json.loads(text), edges="edges")
    assert set(back.edges) == set(graph.edges)
    assert back.edges["UZB", "TJK"]["event_ids"] == "e01 e03 e04"


@pytest.mark.parametrize("kwargs", [{"at": "2010", "since": "2009"}, {"at": "soon"}])
def test_network_bad_window_raises_value_error(kwargs):
    with pytest.raises(ValueError):
        window(**kwargs)
