"""The tooling outside the package: the canonical notebook form (tools/nbtidy.py) keeps cell ids
and drops outputs; the handout writer (tools/handout.py) removes exactly the solution cells."""

from __future__ import annotations

import nbformat
import pytest

from handout import strip_solutions, write_handout
from nbtidy import canonical_text, main, tidy


def _nb():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell(
            "answer = None\ncheck_x(answer)", metadata={"tags": ["exercise"]}
        ),
        nbformat.v4.new_code_cell("check_x(42)", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("print(1)"),
    ]
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[3].execution_count = 7
    return nb


def test_tidy_keeps_every_cell_id_and_drops_outputs():
    nb = _nb()
    ids = [c.id for c in nb.cells]
    out = tidy(nb)
    assert [c.id for c in out.cells] == ids
    assert out.cells[3].outputs == [] and out.cells[3].execution_count is None


def test_tidy_collapses_solution_cells():
    cell = tidy(_nb()).cells[2]
    assert cell.metadata["jupyter"] == {"outputs_hidden": True, "source_hidden": True}


def test_tidy_gives_a_duplicate_id_a_new_one():
    nb = _nb()
    nb.cells[1].id = nb.cells[0].id
    out = tidy(nb)
    assert len({c.id for c in out.cells}) == 4 and out.cells[0].id == nb.cells[0].id


def test_one_changed_line_is_one_changed_line(tmp_path):
    nb = _nb()
    before = canonical_text(nb).splitlines()
    nb.cells[3].source = "print(2)"
    after = canonical_text(nb).splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [('    "print(1)"', '    "print(2)"')]


def test_check_mode_reports_an_untidy_notebook_and_leaves_it(tmp_path, capsys):
    path = tmp_path / "x.ipynb"
    text = nbformat.writes(_nb())
    path.write_text(text, encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == text
    assert main([str(path)]) == 0 and main(["--check", str(path)]) == 0


def test_strip_solutions_removes_only_solution_cells_and_not_in_place():
    nb = _nb()
    out = strip_solutions(nb)
    assert [c.source for c in out.cells] == [nb.cells[i].source for i in (0, 1, 3)]
    assert len(nb.cells) == 4


def test_write_handout_refuses_the_notebooks_folder_itself(tmp_path):
    (tmp_path / "a.ipynb").write_text(nbformat.writes(_nb()), encoding="utf-8")
    with pytest.raises(ValueError, match="must not be the notebooks folder"):
        write_handout(tmp_path, tmp_path)
    written = write_handout(tmp_path, tmp_path / "handout")
    nb = nbformat.read(written[0], as_version=4)
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
