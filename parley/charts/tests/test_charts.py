"""The SVG charts parse as XML, carry their text alternative, escape text, reference nothing outside, and draw
the values they are given."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from parley.charts import BarLabels, Point, Series, SideBars, scatter, side_bars, step_chart
from parley.charts.scatter import by_side, convex_hull

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> Any:
    # The charts are our own output, not untrusted input.
    return ET.fromstring(svg)  # noqa: S314


def all_charts() -> list[str]:
    return [
        side_bars([SideBars("Side A", 3, 1, 0), SideBars("Side B", 0, 0, 0)], "Votes", "Per side"),
        step_chart([Series("Side A", [(0, 1), (5, 3)]), Series("Side B", [(1, 2)])], "Participation", "Over time"),
        scatter([Point(0.5, -0.2, 0, "A1"), Point(-0.1, 0.3, 1, "B1")], ["Side A", "Side B"], "Map", "Dots"),
    ]


@pytest.mark.parametrize("svg", all_charts(), ids=["bars", "steps", "scatter"])
def test_every_chart_is_an_image_with_a_title_and_a_description_sized_by_its_viewbox(svg):
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text and root.find(f"{NS}desc").text
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None


@pytest.mark.parametrize("svg", all_charts(), ids=["bars", "steps", "scatter"])
def test_no_chart_references_anything_outside_itself(svg):
    assert "href" not in svg and "url(" not in svg and "<script" not in svg and "<image" not in svg
    assert "<foreignObject" not in svg and "style=" not in svg


def test_text_given_to_a_chart_is_escaped():
    svg = side_bars([SideBars('<b>"A" & co</b>', 1, 0, 0)], "<script>x</script>", "a & b")
    root = parse(svg)
    assert root.find(f"{NS}title").text == "<script>x</script>"
    assert "<script>" not in svg and "<b>" not in svg
    assert '<b>"A" & co</b>' in [t.text for t in root.iter(f"{NS}text")]


def test_side_bars_split_each_side_into_agree_disagree_and_pass_in_proportion():
    root = parse(side_bars([SideBars("A", 6, 3, 3), SideBars("B", 0, 4, 0)], "t", "d"))
    rects = root.findall(f".//{NS}rect[@class='bar']")
    widths = [float(r.get("width")) for r in rects]
    counts = [int(r.get("data-count")) for r in rects]
    assert counts == [6, 3, 3, 4]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[1] == pytest.approx(widths[2])
    assert sum(widths[:3]) == pytest.approx(widths[3])
    assert rects[0].find(f"{NS}title").text == "A: agree 6 (50%)"


def test_a_side_without_votes_says_so_instead_of_drawing_a_bar():
    root = parse(side_bars([SideBars("A", 0, 0, 0)], "t", "d", BarLabels(no_votes="none yet")))
    assert root.findall(f".//{NS}rect[@class='bar']") == []
    assert "none yet" in [t.text for t in root.iter(f"{NS}text")]


def test_step_chart_draws_one_path_per_series_ending_at_its_last_value():
    root = parse(step_chart([Series("A", [(0, 1), (10, 4)]), Series("B", [(0, 2), (5, 2), (10, 3)])], "t", "d"))
    paths = root.findall(f".//{NS}path[@class='series']")
    assert [p.find(f"{NS}title").text for p in paths] == ["A", "B"]
    assert [p.get("data-last") for p in paths] == ["4", "3"]
    # Steps only move horizontally or vertically.
    assert re.fullmatch(r"M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)*H[\d.]+", paths[0].get("d"))


def test_the_highest_value_is_drawn_at_the_top_of_the_plot_and_zero_at_the_bottom():
    root = parse(step_chart([Series("A", [(0, 0), (1, 8)])], "t", "d"))
    d = root.find(f".//{NS}path[@class='series']").get("d")
    start_y = float(d.split(",")[1].split("H")[0])
    found = re.search(r"V([\d.]+)", d)
    assert found is not None
    top_y = float(found.group(1))
    assert top_y < start_y
    assert "8" in [t.text for t in root.iter(f"{NS}text")]


def test_an_empty_step_chart_still_renders():
    root = parse(step_chart([], "t", "d"))
    assert root.findall(f".//{NS}path") == []


def test_scatter_colours_each_dot_by_its_side_and_labels_each_group_once():
    points = [Point(1, 1, 0, "A1"), Point(0.8, 0.5, 0, "A1"), Point(0.9, 0.9, 0, "A1"), Point(-1, -1, 1, "B1")]
    root = parse(scatter(points, ["Side A", "Side B"], "t", "d"))
    dots = root.findall(f".//{NS}circle[@class='dot']")
    assert [d.get("data-side") for d in dots] == ["0", "0", "0", "1"]
    assert dots[0].get("fill") != dots[3].get("fill")
    assert [t.text for t in root.findall(f".//{NS}text[@class='group-label']")] == ["A1", "B1"]
    assert len(root.findall(f".//{NS}polygon[@class='hull']")) == 1  # a group of one dot has no hull
    assert by_side(points, ["Side A", "Side B"]) == {"Side A": 3, "Side B": 1}


def test_scatter_keeps_every_dot_inside_the_plot():
    points = [Point(5, -5, 0), Point(-2, 1, 1)]
    root = parse(scatter(points, ["A", "B"], "t", "d"))
    size = float(root.get("viewBox").split()[2])
    for dot in root.findall(f".//{NS}circle[@class='dot']"):
        assert 0 <= float(dot.get("cx")) <= size and 0 <= float(dot.get("cy")) <= size


def test_convex_hull_drops_the_points_inside():
    square = [(0, 0), (2, 0), (2, 2), (0, 2), (1, 1)]
    assert sorted(convex_hull(square)) == [(0, 0), (0, 2), (2, 0), (2, 2)]
